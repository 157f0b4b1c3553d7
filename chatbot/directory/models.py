"""The directory's tables (SQLAlchemy 1.4, 2.0-style usage: `future=True`, `select()`).

Why a database and not only the YAML files: the files are the reviewed source,
the database is what a running assistant and the maintainer command query (by
country, topic, age), the same on the embedded SQLite file and on PostgreSQL.
Every organisation and law keeps its `source_url` and `verified_on`.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

TOPICS = (
    "emergency", "crisis", "removal", "sextortion", "reporting",
    "legal_advice", "emotional_support", "parents_schools",
)
CHANNEL_KINDS = ("phone", "sms", "chat", "whatsapp", "web_form", "email", "app", "website")
LAW_STATUSES = ("in_force", "bill")


def _one_of(column: str, values: tuple) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# Explicit names so Alembic migrations are the same on SQLite and PostgreSQL.
metadata = MetaData(naming_convention={
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "ix": "ix_%(table_name)s_%(column_0_name)s",
})
Base = declarative_base(metadata=metadata)


class Country(Base):
    __tablename__ = "countries"
    code = Column(String(3), primary_key=True)  # ISO 3166-1 alpha-2, or INT for tools usable anywhere
    name_es = Column(Text, nullable=False)
    name_fr = Column(Text, nullable=False)
    emergency_number = Column(String(32), nullable=True)  # NULL only for INT
    organisations = relationship("Organisation", back_populates="country", cascade="all, delete-orphan")
    laws = relationship("Law", back_populates="country", cascade="all, delete-orphan")


class Organisation(Base):
    __tablename__ = "organisations"
    id = Column(String(64), primary_key=True)
    country_code = Column(String(3), ForeignKey("countries.code", ondelete="CASCADE"), nullable=False, index=True)
    region = Column(Text, nullable=True)
    position = Column(Integer, nullable=False)  # order in the reviewed file: most urgent first
    name_es = Column(Text, nullable=False)
    name_fr = Column(Text, nullable=False)
    what_es = Column(Text, nullable=False)
    what_fr = Column(Text, nullable=False)
    short_es = Column(Text, nullable=True)  # the card's one line; NULL: the first sentence of what
    short_fr = Column(Text, nullable=True)
    source_url = Column(Text, nullable=False)
    verified_on = Column(Date, nullable=False)
    facts = Column(Text, nullable=True)
    country = relationship("Country", back_populates="organisations")
    topics = relationship("OrganisationTopic", cascade="all, delete-orphan", order_by="OrganisationTopic.topic")
    channels = relationship("Channel", cascade="all, delete-orphan", order_by="Channel.position")
    __table_args__ = (CheckConstraint("source_url LIKE 'https://%'", name="source_https"),)


class OrganisationTopic(Base):
    __tablename__ = "organisation_topics"
    organisation_id = Column(String(64), ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    topic = Column(String(32), primary_key=True)
    __table_args__ = (CheckConstraint(_one_of("topic", TOPICS), name="known_topic"),)


class Channel(Base):
    __tablename__ = "channels"
    id = Column(Integer, primary_key=True, autoincrement=True)
    organisation_id = Column(String(64), ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    kind = Column(String(16), nullable=False)
    value = Column(Text, nullable=False)
    hours_es = Column(Text, nullable=True)
    hours_fr = Column(Text, nullable=True)
    cost_es = Column(Text, nullable=True)
    cost_fr = Column(Text, nullable=True)
    age_min = Column(Integer, nullable=True)
    age_max = Column(Integer, nullable=True)
    languages = Column(Text, nullable=True)  # comma-separated ISO 639-1 codes
    on_phone_bill = Column(Boolean, nullable=True)
    caveat_es = Column(Text, nullable=True)
    caveat_fr = Column(Text, nullable=True)
    note = Column(Text, nullable=True)  # for maintainers (sources, doubts): never rendered
    __table_args__ = (
        CheckConstraint(_one_of("kind", CHANNEL_KINDS), name="known_kind"),
        UniqueConstraint("organisation_id", "position", name="uq_channels_position"),
    )


class Law(Base):
    __tablename__ = "laws"
    id = Column(String(64), primary_key=True)
    country_code = Column(String(3), ForeignKey("countries.code", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    article = Column(Text, nullable=False)
    status = Column(String(16), nullable=False)
    summary_es = Column(Text, nullable=False)
    summary_fr = Column(Text, nullable=False)
    max_penalty_es = Column(Text, nullable=True)
    max_penalty_fr = Column(Text, nullable=True)
    short_es = Column(Text, nullable=True)  # the first view's one line; NULL: the summary's first sentence
    short_fr = Column(Text, nullable=True)
    source_url = Column(Text, nullable=False)
    verified_on = Column(Date, nullable=False)
    facts = Column(Text, nullable=True)
    country = relationship("Country", back_populates="laws")
    __table_args__ = (
        CheckConstraint(_one_of("status", LAW_STATUSES), name="known_status"),
        CheckConstraint("source_url LIKE 'https://%'", name="source_https"),
    )


class Platform(Base):
    """How to report an image on one platform (from platforms.md), and which hash tools it joins."""

    __tablename__ = "platforms"
    id = Column(String(32), primary_key=True)
    position = Column(Integer, nullable=False)
    name = Column(Text, nullable=False)
    how_es = Column(Text, nullable=False)
    how_fr = Column(Text, nullable=False)
    report_url = Column(Text, nullable=True)
    take_it_down = Column(Boolean, nullable=True)
    stopncii = Column(Boolean, nullable=True)
    end_to_end_encrypted = Column(Boolean, nullable=True)
    source_url = Column(Text, nullable=False)
    verified_on = Column(Date, nullable=False)
    facts = Column(Text, nullable=True)
    __table_args__ = (
        CheckConstraint("source_url LIKE 'https://%'", name="source_https"),
        CheckConstraint("report_url IS NULL OR report_url LIKE 'https://%'", name="report_https"),
    )


class DataVersion(Base):
    """One row: the hash of the loaded files, so processes know when to refresh."""

    __tablename__ = "data_version"
    id = Column(Integer, primary_key=True)
    content_hash = Column(String(64), nullable=False)
    loaded_at = Column(Text, nullable=False)
