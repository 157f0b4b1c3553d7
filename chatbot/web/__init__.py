"""The web channel and the chat page (the widget grows here)."""
