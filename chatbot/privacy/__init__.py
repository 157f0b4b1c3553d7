"""Nothing personal is kept: redaction before storage (redact.py)."""
