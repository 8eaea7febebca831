"""Access that reaches beyond one programme, granted by the operator, never by a programme's own data."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from omstilling.store.models.base import timestamp_field


class CountyReader(SQLModel, table=True):
    """An address that may read every programme of a county, and the county's page: a county officer, granted by
    the operator (`omstilling county-access grant`). A programme's own data (its workbook's roles, its county
    observer) gives access to that programme only."""

    __table_args__ = (sa.UniqueConstraint("email", "county"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    county: str = Field(max_length=120)
    granted_by: str = Field(max_length=200)
    granted_at: datetime = timestamp_field(nullable=False, default_now=True)
