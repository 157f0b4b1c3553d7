"""`python -m chatbot.privacy purge [--older-than 7d] [--dry-run]`: the retention command, for cron.

Exit codes: 0 done (also when there was nothing to delete), 1 the database could
not be read or written (nothing was deleted), 2 bad arguments or settings,
3 another purge was running (nothing was done; the next run will do it).
One line of output, no conversation content, no sender ids.

    # crontab: every night at 03:15
    15 3 * * *  cd /srv/chatbot && .venv/bin/python -m chatbot.privacy purge >> var/log/purge.log 2>&1
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timezone
from typing import List, Optional

_UNITS = {"d": 86400, "h": 3600, "m": 60}


def parse_period(value: str) -> float:
    """'7d', '12h', '30m', or a bare number of days, in seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dhm]?)\s*", value.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{value!r} is not a period such as 7d, 12h or 30m")
    return float(match.group(1)) * _UNITS[match.group(2) or "d"]


def main(argv: Optional[List[str]] = None) -> int:
    from chatbot.settings import SettingsError, load_settings

    parser = argparse.ArgumentParser(prog="python -m chatbot.privacy", description="Privacy maintenance.")
    commands = parser.add_subparsers(dest="command", required=True)
    purge_parser = commands.add_parser("purge", help="delete conversations older than the retention period")
    purge_parser.add_argument("--older-than", type=parse_period, default=None, metavar="PERIOD",
                              help="7d, 12h, 30m (default: CHATBOT_RETENTION_DAYS, 7 days)")
    purge_parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"purge: {error}", file=sys.stderr)
        return 2
    if args.older_than is None and settings.retention_days < 0:
        print(f"purge: CHATBOT_RETENTION_DAYS={settings.retention_days} cannot be negative.", file=sys.stderr)
        return 2
    seconds = args.older_than if args.older_than is not None else settings.retention_days * 86400

    from sqlalchemy.exc import SQLAlchemyError

    from chatbot.privacy.database import shown, tracker_url
    from chatbot.privacy.retention import PurgeBusy, purge

    url = tracker_url(settings)
    try:
        result = purge(url, seconds, dry_run=args.dry_run)
    except PurgeBusy:
        print(f"purge: another purge is running on {shown(url)}; nothing done.", file=sys.stderr)
        return 3
    except SQLAlchemyError as error:
        print(f"purge: failed on {shown(url)}, nothing deleted: {type(error).__name__}: "
              f"{str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    before = datetime.fromtimestamp(result.cutoff, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if not result.table_exists:
        print(f"purge: no conversation has ever been stored in {shown(url)}; nothing to delete.")
        return 0
    verb = "would delete" if result.dry_run else "deleted"
    print(f"purge: {verb} {result.conversations} conversation(s), {result.events} event(s), "
          f"last active before {before}, from {shown(url)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
