"""Guided flows: the steps of each situation, as data (data/guides/), and their checks."""
from chatbot.guides.content import Guide, GuideBook, Question, Step, load_guides

__all__ = ["Guide", "GuideBook", "Question", "Step", "load_guides"]
