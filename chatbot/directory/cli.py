"""Maintainer command for the support directory.

    python -m chatbot.directory load            check data/directory/ and load it (migrates first)
    python -m chatbot.directory list [--country ES] [--topic crisis]
    python -m chatbot.directory search TEXT
    python -m chatbot.directory export FILE.csv
    python -m chatbot.directory check [--strict] [--max-age-days 365]
    python -m chatbot.directory migrate | downgrade [REVISION]

DATABASE_URL selects the database (default: the SQLite file in var/).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from typing import Iterable, List, Optional, Sequence

from chatbot.directory.files import DirectoryError, read_directory
from chatbot.directory.models import TOPICS
from chatbot.directory.query import Directory, read_snapshot
from chatbot.directory.store import downgrade, make_engine, migrate, prepare
from chatbot.settings import load_settings


def _snapshot(url: str) -> Directory:
    migrate(url)
    engine = make_engine(url)
    try:
        return read_snapshot(engine)
    finally:
        engine.dispose()


def _rows(directory: Directory) -> Iterable[List[str]]:
    for org in directory.organisations():
        for channel in org.channels:
            yield [org.country, org.id, org.name["es"], ",".join(org.topics), channel.kind, channel.value,
                   (channel.hours or {}).get("es", ""), org.source_url, org.verified_on.isoformat()]
    for country in directory.countries_data:
        for law in country.laws:
            yield [law.country, law.id, law.article, "law:" + law.status, "", "",
                   (law.max_penalty or {}).get("es", ""), law.source_url, law.verified_on.isoformat()]
    for platform in directory.platforms:
        yield ["", platform.id, platform.name, "platform", "report_url", platform.report_url or "",
               "", platform.source_url, platform.verified_on.isoformat()]


HEADER = ["country", "id", "name", "topics", "kind", "value", "hours_or_penalty", "source_url", "verified_on"]


def stale_entries(directory: Directory, today: dt.date, max_age_days: int) -> List[str]:
    """Entries checked longer ago than `max_age_days`, or without a source."""
    problems = []
    entries = [(o.id, o.source_url, o.verified_on) for o in directory.organisations()]
    entries += [(law.id, law.source_url, law.verified_on) for c in directory.countries_data for law in c.laws]
    entries += [(p.id, p.source_url, p.verified_on) for p in directory.platforms]
    for entry_id, source, verified_on in entries:
        if not source:
            problems.append(f"{entry_id}: no source")
        age = (today - verified_on).days
        if age > max_age_days:
            problems.append(f"{entry_id}: verified {age} days ago ({verified_on})")
    return problems


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chatbot.directory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("load", help="check the files and load them")
    listing = sub.add_parser("list", help="list contacts")
    listing.add_argument("--country")
    listing.add_argument("--topic", choices=TOPICS)
    search = sub.add_parser("search", help="find entries whose name, value or text contains TEXT")
    search.add_argument("text")
    export = sub.add_parser("export", help="write every contact and law to a CSV file")
    export.add_argument("file")
    check = sub.add_parser("check", help="report entries older than --max-age-days or without a source")
    check.add_argument("--strict", action="store_true", help="exit 1 if anything is reported")
    check.add_argument("--max-age-days", type=int, default=365)
    sub.add_parser("migrate", help="upgrade the schema to the latest revision")
    down = sub.add_parser("downgrade", help="downgrade the schema (default: remove it)")
    down.add_argument("revision", nargs="?", default="base")
    args = parser.parse_args(argv)
    settings = load_settings()
    url = settings.database_url

    if args.command == "load":
        try:
            files = read_directory(settings.directory_path)
        except DirectoryError as error:
            print(f"directory not loaded: {error}", file=sys.stderr)
            return 1
        changed = prepare(url, files)
        organisations = sum(len(c.organisations) for c in files.countries)
        laws = sum(len(c.laws) for c in files.countries)
        print(f"{'loaded' if changed else 'already up to date'}: {len(files.countries)} countries, "
              f"{organisations} organisations, {laws} laws, {len(files.platforms)} platforms")
        return 0
    if args.command == "migrate":
        migrate(url)
        return 0
    if args.command == "downgrade":
        downgrade(url, args.revision)
        return 0

    directory = _snapshot(url)
    if args.command == "list":
        topics = [args.topic] if args.topic else list(TOPICS)
        countries = [args.country.upper()] if args.country else [c.code for c in directory.countries_data]
        for country in countries:
            for org in directory.contacts(country, topics):
                channels = "; ".join(f"{c.kind} {c.value}" for c in org.channels)
                print(f"{country}  {org.id:<28} {','.join(org.topics):<40} {channels}")
        return 0
    if args.command == "search":
        needle = args.text.lower()
        for row in _rows(directory):
            if any(needle in cell.lower() for cell in row):
                print("  ".join(row))
        return 0
    if args.command == "export":
        with open(args.file, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            count = sum(1 for _ in map(writer.writerow, _rows(directory)))
        print(f"wrote {count} rows to {args.file}")
        return 0
    if args.command == "check":
        problems = stale_entries(directory, dt.date.today(), args.max_age_days)
        total = len(directory.organisations()) + sum(len(c.laws) for c in directory.countries_data) + len(directory.platforms)
        print(f"directory check: {total} entries, {len(problems)} older than {args.max_age_days} days or without source")
        for problem in problems:
            print(f"  {problem}")
        return 1 if problems and args.strict else 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
