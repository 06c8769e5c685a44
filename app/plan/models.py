"""The strategy's action plan as data: actions, their indicators, figures partners send, and
activities (a school session, a training session) recorded one by one. Nothing here is about a person."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..extensions import db
from ..staff.models import new_public_id

COUNTY = "county"  # an area: the whole county, or a district's slug (each district is one CSP)


class PlanAction(db.Model):
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False, default=new_public_id)
    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)  # "1.1a"
    priority: Mapped[str] = mapped_column(String(8), nullable=False)  # "1.1"
    title: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str] = mapped_column(String(200), nullable=False)
    timescale: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    retired_on: Mapped[date | None] = mapped_column(Date)
    indicators: Mapped[list["PlanIndicator"]] = relationship(back_populates="action", order_by="PlanIndicator.id")
    changes: Mapped[list["PlanActionChange"]] = relationship(order_by="PlanActionChange.id.desc()")


class PlanActionChange(db.Model):
    """The action as it was after each change: the plan is a living document, and its history stays."""

    __tablename__ = "plan_action_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"), nullable=False, index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # none: loaded from the strategy
    values: Mapped[dict] = mapped_column(JSON, nullable=False)


class PlanIndicator(db.Model):
    __tablename__ = "plan_indicator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False, default=new_public_id)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"), nullable=False, index=True)
    key: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    baseline: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    measure: Mapped[str] = mapped_column(String(60), nullable=False)  # site:<name>, partner, activity:<kind>
    unit: Mapped[str] = mapped_column(String(10), nullable=False, default="count")  # count or percent
    direction: Mapped[str] = mapped_column(String(5), nullable=False, default="up")  # up, down, none
    suppress: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # small counts of people
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    by_area: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # also shown per district
    # The status rule an administrator sets: a target to reach (optional), and after how many months
    # without a figure the indicator shows "no data".
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    stale_months: Mapped[int] = mapped_column(Integer, nullable=False, default=4)
    action: Mapped[PlanAction] = relationship(back_populates="indicators")

    @property
    def source(self) -> str:
        return self.measure.split(":", 1)[0]

    @property
    def name(self) -> str:
        return self.measure.split(":", 1)[1] if ":" in self.measure else ""


class PlanFigure(db.Model):
    """A figure a partner gave for a period and an area. A correction is a new row; the row it replaces
    keeps its value and says when and by which row it was replaced."""

    __tablename__ = "plan_figure"
    __table_args__ = (Index("ix_plan_figure_lookup", "indicator_id", "area", "ends_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False, default=new_public_id)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicator.id"), nullable=False, index=True)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    area: Mapped[str] = mapped_column(String(40), nullable=False, default=COUNTY)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("plan_figure.id"))
    indicator: Mapped[PlanIndicator] = relationship()


class PlanActivity(db.Model):
    """One activity, like an awareness session at a school: counted per indicator."""

    __tablename__ = "plan_activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False, default=new_public_id)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicator.id"), nullable=False, index=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(40), nullable=False)  # a district's slug
    audience: Mapped[str] = mapped_column(String(200), nullable=False)  # like "Year 9, Parmiter's School"
    people: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    indicator: Mapped[PlanIndicator] = relationship()
