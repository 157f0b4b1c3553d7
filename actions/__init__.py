"""The rasa-sdk action server: one module per concern (`rasa run actions` loads them all)."""

from chatbot.privacy.logs import install_log_filter

# The action server logs through the same redacting filter as the Rasa server: a safety net.
install_log_filter()
