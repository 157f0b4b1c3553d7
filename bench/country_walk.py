"""What a teen in each country gets on a page without `country=`, and how long the messages are.

Prints, per page language, for a teen who really is in each served country and uses the
public page (no school, no `country=`), walking every guided flow (either answer), the
crisis answer, "talk to someone", the "not understood" contact and the report kit, and
answering "which country?" truthfully whenever the assistant asks it:

- contacts of another country shown (cards whose entry belongs to neither the teen's
  country nor INT), in all and distinct;
- the longest message (bubble), how many are over 400 characters, the longest turn
  (one action's messages) and the most bubbles in a turn; the report kit, a document to
  copy, is measured apart.

Written against the actions' public names only (ActionGuide, ActionReportKit,
ActionCrisisContacts, ActionShowContacts, ActionFallbackContact, ValidateSlotMappings,
WidgetPages.choose), so it runs on an older checkout too: issue 17's before/after figures.

Run: .venv/bin/python -m bench.country_walk   (uses a throwaway SQLite copy of data/directory/)
"""
from __future__ import annotations

import asyncio
import os
import re
import tempfile
from typing import Any, Dict, List, Optional, Tuple

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
_DB = os.path.join(tempfile.mkdtemp(), "directory.sqlite3")
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"

from pathlib import Path  # noqa: E402  (after DATABASE_URL: the actions read it at import)

from rasa.shared.core.domain import Domain  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from chatbot.directory import read_directory  # noqa: E402
from chatbot.directory.store import prepare  # noqa: E402
from chatbot.settings import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
prepare(os.environ["DATABASE_URL"], read_directory(load_settings().directory_path))

from actions.contacts import ActionCrisisContacts, ActionFallbackContact, ActionShowContacts  # noqa: E402
from actions.conversation import directory  # noqa: E402
from actions.guides import ActionGuide  # noqa: E402
from actions.report_kit import ActionReportKit  # noqa: E402
from actions.language import ValidateSlotMappings  # noqa: E402
from chatbot.guides.content import guide_book  # noqa: E402
from chatbot.web.schools import load_schools  # noqa: E402
from chatbot.web.widget import WidgetPages  # noqa: E402

DOMAIN = Domain.load(str(ROOT / "domain")).as_dict()


class Teen:
    """One conversation through the real actions, slots applied as Rasa applies them."""

    def __init__(self, language: str, country: str, page: Dict[str, Any]) -> None:
        self.country = country
        self.slots: Dict[str, Any] = {"language": language, "country": None, "emergency_number": None}
        self.turns: List[List[Dict[str, Any]]] = []
        self.act(ValidateSlotMappings(), "greet", "hola" if language == "es" else "salut", metadata=page)

    def act(self, action: Any, intent: str, text: str = "", metadata: Optional[Dict[str, Any]] = None,
            **entities: str) -> List[Dict[str, Any]]:
        latest = {"text": text or f"/{intent}", "intent": {"name": intent, "confidence": 1.0},
                  "entities": [{"entity": k, "value": v} for k, v in entities.items()]}
        events = [{"event": "user", "text": latest["text"], "parse_data": latest, "metadata": metadata or {}}]
        tracker = Tracker("walk", dict(self.slots), latest, events, False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(action.run(dispatcher, tracker, DOMAIN)):
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        if not isinstance(action, ValidateSlotMappings):
            self.turns.append(dispatcher.messages)
            if any(f'"country": "{self.country}"' in b.get("payload", "") for m in dispatcher.messages
                   for b in m.get("buttons") or []):
                return self.act(ActionGuide(), "inform", country=self.country)  # "which country?": the truth
        return dispatcher.messages


def walk(language: str, country: str, page: Dict[str, Any]) -> List[List[Dict[str, Any]]]:
    turns: List[List[Dict[str, Any]]] = []
    for guide in guide_book().guides.values():
        for answer in ("yes", "no"):
            teen = Teen(language, country, page)
            teen.slots.update(threatened="no", sharing_now=answer, under_18=answer, platform="instagram")
            shown = teen.act(ActionGuide(), guide.intents[0])
            for _ in range(20):
                step = next((re.search(r'"step": "(\d+)"', b["payload"]) for m in shown for b in m.get("buttons") or []
                             if b["payload"].startswith("/next_step")), None)
                if not step:
                    break
                shown = teen.act(ActionGuide(), "next_step", step=step.group(1))
            teen.act(ActionReportKit(), "report_kit")
            turns += teen.turns
    for action, intent in ((ActionCrisisContacts(), "crisis"), (ActionShowContacts(), "talk_to_someone"),
                           (ActionFallbackContact(), "nlu_fallback")):
        teen = Teen(language, country, page)
        teen.act(action, intent)
        turns += teen.turns
    return turns


def contact_ids(message: Dict[str, Any]) -> List[str]:
    custom = message.get("custom") or {}
    found = custom.get("contacts") or ([custom["contact"]] if custom.get("contact") else [])
    # Not directory entries: a law, the school's counsellor, each emergency number with where it works.
    return [c["id"] for c in found if c.get("kind") != "law" and not c["id"].startswith(("school-", "emergency-"))]


def main() -> None:
    owner = {o.id: o.country for o in directory().organisations()}
    pages = WidgetPages(load_settings(), load_schools(), type("Fixed", (), {"get": staticmethod(directory)})())
    for language in ("es", "fr"):
        _, _, preset, _ = pages.choose({"lang": language})
        page = {"language": language, **({"country": preset} if preset else {})}
        print(f"\n{language}: page without country= sends {page}")
        sizes: List[int] = []
        turn_sizes: List[Tuple[int, int, str]] = []
        kits: List[int] = []
        for country in directory().countries():
            turns = walk(language, country, page)
            wrong = [i for turn in turns for m in turn for i in contact_ids(m) if owner.get(i) not in (country, "INT")]
            for turn in turns:
                kit = [m for m in turn if (m.get("custom") or {}).get("report_kit")]
                kits.extend(len(m.get("text") or "") for m in kit)
                said = [m.get("text") or "" for m in turn if m.get("text") and m not in kit]
                sizes += [len(t) for t in said]
                turn_sizes.append((sum(len(t) for t in said), len(said), country))
            print(f"  teen in {country}: contacts of another country shown {len(wrong):4d}"
                  f" ({len(set(wrong))} distinct{': ' + ', '.join(sorted(set(wrong))[:4]) if wrong else ''})")
        print(f"  longest message {max(sizes)} chars; {sum(s > 400 for s in sizes)} of {len(sizes)} messages over 400;"
              f" longest turn {max(turn_sizes)[0]} chars; most bubbles in a turn {max(t[1] for t in turn_sizes)}"
              f" (the actions' own messages; responses and the report kit, longest {max(kits)}, not counted)")


if __name__ == "__main__":
    main()
