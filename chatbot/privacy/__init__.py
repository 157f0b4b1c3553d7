"""Nothing personal is kept: redaction before storage (redact.py: shapes.py, names.py, lexicon.py),
the log filter (logs.py), and retention (retention.py, `python -m chatbot.privacy purge`)."""
