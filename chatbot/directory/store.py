"""The directory database: schema by Alembic, data loaded from the files in one transaction.

Why replace-all in one transaction: the files are the whole truth, so loading is
"make the tables equal the files". A bad file fails before anything is written,
and a failure while writing rolls everything back; loading the same files twice
changes nothing (the content hash says so and the load is skipped).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from chatbot.directory.files import DirectoryFiles
from chatbot.directory.models import Channel, Country, DataVersion, Law, Organisation, OrganisationTopic, Platform

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder and foreign keys switched on."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////:memory:"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys=ON"))
    return engine


def _alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Brings the schema to `revision` (upgrade)."""
    from alembic import command

    command.upgrade(_alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(_alembic_config(url), revision)


def loaded_hash(engine: Engine) -> Optional[str]:
    with Session(engine, future=True) as session:
        return session.scalar(select(DataVersion.content_hash).where(DataVersion.id == 1))


def load(engine: Engine, files: DirectoryFiles) -> bool:
    """Makes the tables equal `files`; returns False when they already were."""
    if loaded_hash(engine) == files.content_hash:
        return False
    with Session(engine, future=True) as session, session.begin():
        for table in (Channel, OrganisationTopic, Organisation, Law, Country, Platform, DataVersion):
            session.execute(delete(table))
        for country in files.countries:
            session.add(Country(code=country.code, name_es=country.name["es"], name_fr=country.name["fr"],
                                emergency_number=country.emergency_number))
            for org in country.organisations:
                session.add(Organisation(
                    id=org.id, country_code=country.code, region=org.region, position=org.position,
                    name_es=org.name["es"], name_fr=org.name["fr"], what_es=org.what["es"], what_fr=org.what["fr"],
                    short_es=org.short and org.short["es"], short_fr=org.short and org.short["fr"],
                    source_url=org.source_url, verified_on=org.verified_on, facts=org.facts,
                    topics=[OrganisationTopic(topic=t) for t in org.topics],
                    channels=[
                        Channel(
                            position=i, kind=c.kind, value=c.value,
                            hours_es=c.hours and c.hours["es"], hours_fr=c.hours and c.hours["fr"],
                            cost_es=c.cost and c.cost["es"], cost_fr=c.cost and c.cost["fr"],
                            age_min=c.age_min, age_max=c.age_max, languages=",".join(c.languages) or None,
                            on_phone_bill=c.on_phone_bill,
                            caveat_es=c.caveat and c.caveat["es"], caveat_fr=c.caveat and c.caveat["fr"],
                            note=c.note,
                        )
                        for i, c in enumerate(org.channels)
                    ],
                ))
            for law in country.laws:
                session.add(Law(
                    id=law.id, country_code=country.code, position=law.position, article=law.article,
                    status=law.status, summary_es=law.summary["es"], summary_fr=law.summary["fr"],
                    max_penalty_es=law.max_penalty and law.max_penalty["es"],
                    max_penalty_fr=law.max_penalty and law.max_penalty["fr"],
                    short_es=law.short and law.short["es"], short_fr=law.short and law.short["fr"],
                    source_url=law.source_url, verified_on=law.verified_on, facts=law.facts,
                ))
        for platform in files.platforms:
            session.add(Platform(
                id=platform.id, position=platform.position, name=platform.name,
                how_es=platform.how["es"], how_fr=platform.how["fr"], report_url=platform.report_url,
                take_it_down=platform.take_it_down, stopncii=platform.stopncii,
                end_to_end_encrypted=platform.end_to_end_encrypted,
                source_url=platform.source_url, verified_on=platform.verified_on, facts=platform.facts,
            ))
        session.add(DataVersion(id=1, content_hash=files.content_hash,
                                loaded_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
    return True


def prepare(url: str, files: DirectoryFiles) -> bool:
    """Migrate, then load the (already checked) files if they changed; False when they had not."""
    migrate(url)
    engine = make_engine(url)
    try:
        return load(engine, files)
    finally:
        engine.dispose()
