"""The rasa-sdk action server: one module per concern (`rasa run actions` loads them all)."""
