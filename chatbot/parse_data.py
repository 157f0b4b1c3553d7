"""Keys and values our NLU components add to a message's parse data, for the action server.

Why a module of their own: the action server reads them from `tracker.latest_message`
but must not import `chatbot.nlu` (importing it loads and patches Rasa).
"""
from __future__ import annotations

# Next to a forced `crisis` intent: which kind of danger the crisis net read.
CRISIS_KIND = "crisis_kind"
# A blackmailer's demand to meet: the crisis answer adds "don't go" after the emergency lines.
MEET = "meet"
