"""Every button payload a class can press in awareness mode, in order.

Why: the test stories (tests/stories/test_learn_*.yml) and a unit test use it to
prove every lesson step, every reply and every quiz answer reaches action_learn,
so a lesson added to data/lessons/ cannot go untested.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, List, Tuple

from chatbot.learn.content import Content

ACTION = "action_learn"


def payload(**entities: Any) -> str:
    """`/learn{"lesson":"deepfake","step":2}` (the same format actions/learn.py sends)."""
    return "/learn" + json.dumps(entities, ensure_ascii=True, separators=(",", ":"))


def lesson_payloads(content: Content) -> List[str]:
    """Each step of each lesson, reached by each of the previous step's replies."""
    found = []
    for lesson in content.lessons:
        found.append(payload(lesson=lesson.id, step=1))
        for number, step in enumerate(lesson.steps[:-1], start=1):
            if step.replies:
                found += [payload(lesson=lesson.id, step=number + 1, answer=r.id) for r in step.replies]
            else:
                found.append(payload(lesson=lesson.id, step=number + 1))
    return found


def quiz_payloads(content: Content) -> List[str]:
    """Each item of each quiz, then each of its options."""
    found = []
    for quiz in content.quizzes:
        for number, item in enumerate(quiz.items, start=1):
            found.append(payload(quiz=quiz.id, step=number))
            found += [payload(quiz=quiz.id, step=number, answer=o.id) for o in item.options]
    return found


def payload_walk(content: Content) -> Iterator[Tuple[str, str]]:
    for user in lesson_payloads(content) + quiz_payloads(content):
        yield user, ACTION


def story_step(button_payload: str, indent: str = "      ") -> str:
    """A payload as a test-story step: intent and entities, no user text.

    Why not `user: /learn{...}`: a button payload skips NLU anyway, and Rasa's e2e
    story reader counts the entities of such a text twice, failing every story.
    """
    entities = json.loads(button_payload[len("/learn"):])
    lines = [f"{indent}- intent: learn", f"{indent}  entities:"]
    lines += [f"{indent}  - {key}: {json.dumps(value)}" for key, value in entities.items()]
    return "\n".join(lines)


def payload_of_step(step: dict) -> str:
    """The payload a test-story step stands for (inverse of `story_step`)."""
    entities: dict = {}
    for entity in step.get("entities") or []:
        entities.update(entity)
    return payload(**entities)
