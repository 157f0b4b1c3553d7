"""Directory tables: countries, organisations, their topics and channels, laws, data version.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 15:30:47.801766
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('countries',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name_es', sa.Text(), nullable=False),
    sa.Column('name_fr', sa.Text(), nullable=False),
    sa.Column('emergency_number', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_countries'))
    )
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.create_table('laws',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('article', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('summary_es', sa.Text(), nullable=False),
    sa.Column('summary_fr', sa.Text(), nullable=False),
    sa.Column('max_penalty_es', sa.Text(), nullable=True),
    sa.Column('max_penalty_fr', sa.Text(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=True),
    sa.CheckConstraint("source_url LIKE 'https://%'", name=op.f('ck_laws_source_https')),
    sa.CheckConstraint("status IN ('in_force', 'bill')", name=op.f('ck_laws_known_status')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_laws_country_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_laws'))
    )
    with op.batch_alter_table('laws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_laws_country_code'), ['country_code'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('country_code', sa.String(length=3), nullable=False),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_es', sa.Text(), nullable=False),
    sa.Column('name_fr', sa.Text(), nullable=False),
    sa.Column('what_es', sa.Text(), nullable=False),
    sa.Column('what_fr', sa.Text(), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=True),
    sa.CheckConstraint("source_url LIKE 'https://%'", name=op.f('ck_organisations_source_https')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_organisations_country_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_country_code'), ['country_code'], unique=False)

    op.create_table('channels',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('organisation_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('hours_es', sa.Text(), nullable=True),
    sa.Column('hours_fr', sa.Text(), nullable=True),
    sa.Column('cost_es', sa.Text(), nullable=True),
    sa.Column('cost_fr', sa.Text(), nullable=True),
    sa.Column('age_min', sa.Integer(), nullable=True),
    sa.Column('age_max', sa.Integer(), nullable=True),
    sa.Column('languages', sa.Text(), nullable=True),
    sa.Column('on_phone_bill', sa.Boolean(), nullable=True),
    sa.Column('caveat_es', sa.Text(), nullable=True),
    sa.Column('caveat_fr', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('phone', 'sms', 'chat', 'whatsapp', 'web_form', 'email', 'app', 'website')", name=op.f('ck_channels_known_kind')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_channels_organisation_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels')),
    sa.UniqueConstraint('organisation_id', 'position', name='uq_channels_position')
    )
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channels_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('organisation_topics',
    sa.Column('organisation_id', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.CheckConstraint("topic IN ('emergency', 'crisis', 'removal', 'sextortion', 'reporting', 'legal_advice', 'emotional_support', 'parents_schools')", name=op.f('ck_organisation_topics_known_topic')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_topics_organisation_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'topic', name=op.f('pk_organisation_topics'))
    )


def downgrade() -> None:
    op.drop_table('organisation_topics')
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channels_organisation_id'))

    op.drop_table('channels')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_country_code'))

    op.drop_table('organisations')
    with op.batch_alter_table('laws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_laws_country_code'))

    op.drop_table('laws')
    op.drop_table('data_version')
    op.drop_table('countries')
