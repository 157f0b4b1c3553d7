"""Awareness mode through the real servers: a class runs a lesson and a quiz from the chat page
in either language, a disclosure mid-lesson reaches help, and the teacher guide is served."""
from __future__ import annotations

import urllib.request
from typing import Any, Dict, List

import pytest

from chatbot.guides.content import guide_book
from chatbot.learn.content import load_content
from chatbot.learn.walk import payload
from chatbot.web.channel import page_settings
from tests.e2e.servers import Conversation, Servers

CONTENT = load_content()
COUNTRY = {"es": "ES", "fr": "FR"}
DISCLOSURE = {"es": "me ha pasado a mí", "fr": "ça m'est arrivé"}


def said(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [b for r in replies for b in r.get("buttons") or []]


def press(chat: Conversation, replies: List[Dict[str, Any]], starts: str) -> List[Dict[str, Any]]:
    """Taps the first button whose payload starts with `starts`, as the page does."""
    target = next(b["payload"] for b in buttons(replies) if b["payload"].startswith(starts))
    return chat.say(target)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_a_class_runs_a_lesson_then_its_quiz(servers: Servers, language: str) -> None:
    chat = Conversation(servers, {"language": language, "country": COUNTRY[language]})
    chat.say("/greet")
    replies = chat.say("/learn")
    assert CONTENT.label("menu_intro", language) in said(replies)
    lesson = CONTENT.lesson("deepfake")
    assert lesson is not None and lesson.quiz
    replies = press(chat, replies, payload(lesson="deepfake", step=1))
    for number, step in enumerate(lesson.steps, start=1):
        assert step.text[language] in said(replies)
        if number < len(lesson.steps):
            replies = press(chat, replies, f'/learn{{"lesson":"deepfake","step":{number + 1}')
    assert CONTENT.label("lesson_done", language) in said(replies)
    quiz = CONTENT.quiz(lesson.quiz)
    assert quiz is not None
    replies = press(chat, replies, payload(quiz=quiz.id, step=1))
    for number, item in enumerate(quiz.items, start=1):
        assert item.prompt[language] in said(replies)
        right = next(o for o in item.options if o.correct)
        replies = chat.say(payload(quiz=quiz.id, step=number, answer=right.id))
        assert item.explanation[language] in said(replies)
        if number < len(quiz.items):
            replies = press(chat, replies, payload(quiz=quiz.id, step=number + 1))
    total = len(quiz.items)
    assert CONTENT.label("score", language).format(correct=total, total=total) in said(replies)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_a_disclosure_in_the_middle_of_a_lesson_reaches_help(servers: Servers, language: str) -> None:
    chat = Conversation(servers, {"language": language, "country": COUNTRY[language]})
    chat.say("/greet")
    chat.say(payload(lesson="consent", step=1))
    chat.say(payload(lesson="consent", step=2))
    replies = chat.say(DISCLOSURE[language])
    guide = guide_book().for_intent("fake_image_of_me")
    assert guide is not None and guide.opening[language] in said(replies)
    lesson_texts = [s.text[language] for lesson in CONTENT.lessons for s in lesson.steps]
    assert not [t for t in lesson_texts if t in said(replies)]


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_teacher_guide_is_served(servers: Servers, language: str) -> None:
    with urllib.request.urlopen(f"{servers.base}/guide/{language}", timeout=30) as response:
        html = response.read().decode("utf-8")
        assert response.status == 200 and "<script" not in html
    assert f'<html lang="{language}">' in html


def test_a_page_opened_in_learn_mode_starts_with_the_learn_menu(servers: Servers) -> None:
    if "mode" not in page_settings({"mode": "learn"}):
        pytest.skip("the web channel does not pass the `mode` page setting yet (helper edge)")
    replies = Conversation(servers, {"language": "fr", "country": "FR", "mode": "learn"}).say("/greet")
    assert CONTENT.label("menu_intro", "fr") in said(replies)
