"""A logging filter that redacts personal details from any log line, as a last net.

Why a filter when our code logs no message text: Rasa logs user text at DEBUG
(and a library's warning or a traceback could quote it), so every handler of
every process that handles messages gets this filter. It uses the patterns, cues
and name list only (no spaCy): it runs on every log line and must stay cheap.
"""
from __future__ import annotations

import logging

from chatbot.privacy.redact import redact


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and its traceback text) with personal details replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error handling
            return True
        clean = redact(message, use_spacy=False)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), use_spacy=False)
        return True


_FILTER = RedactingFilter()


def install_log_filter() -> int:
    """Adds the filter to every handler configured now (root, Rasa's, Sanic's); returns how many got it."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    added = 0
    for logger in loggers:
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
                added += 1
    return added
