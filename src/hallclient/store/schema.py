"""The whole local schema in one ``MetaData``: every table module imported, for Alembic and schema checks."""

from __future__ import annotations

from hallclient.store import assessment_models, assistance_models, models, supervision_models
from hallclient.store.base import Base

TABLE_MODULES = (models, supervision_models, assessment_models, assistance_models)
metadata = Base.metadata
