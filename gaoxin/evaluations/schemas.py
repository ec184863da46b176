"""Input and output schemas of the evaluations API. A level always travels with its scheme."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Schema as NinjaSchema
from pydantic import BaseModel, Field, create_model, field_validator


class Schema(NinjaSchema):
    """Refuses NUL characters in any string (PostgreSQL cannot store them)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL character")
        return value


class RaterIn(Schema):
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=32)
    consent: bool = False
    is_legal_person: bool | None = None


class RatingIn(Schema):
    uuid: UUID
    level: int
    scheme: str = Field(..., description="gbt39046 (1 = 非常满意) or provincial (1 = 非常不满意)")
    channel: int | None = None
    case_number: str | None = Field(None, max_length=50)
    case_qr: str | None = Field(None, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=10)
    text: str = Field("", max_length=500)
    rating_no: int = 1
    rater: RaterIn | None = None
    created_at: datetime | None = None


class _PlainSchema(BaseModel):
    """Schema's rules on a plain pydantic model (no ninja root validator wrapping the input)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return Schema._no_nul(value)


def plain_twin(schema: type[Schema]) -> type[BaseModel]:
    """The same fields and rules as a plain pydantic model, to validate a JSON object where
    ninja is not involved (the ingest lane): a third of the cost, since ninja's root validator
    wraps every input for attribute access. A test proves they accept and give the same."""
    fields: dict[str, Any] = {name: (f.annotation, f) for name, f in schema.model_fields.items()}
    return create_model(f"{schema.__name__}Plain", __base__=_PlainSchema, **fields)


RatingInPlain = plain_twin(RatingIn)


class QrRatingIn(RatingIn):
    staff_qr: str | None = Field(None, max_length=200)


class WebRatingIn(RatingIn):
    phone_last4: str = Field(..., max_length=4)


class IntakeIn(RatingIn):
    """A hotline (6) or SMS (7) rating typed in by an operator."""


class BatchIn(Schema):
    items: list[Any]


# plain pydantic models: ninja's Schema resolves every field of every row through its getattr
# wrapper, which for 500 results cost more than validating them
class ItemResult(BaseModel):
    uuid: str
    status: str
    code: str = ""
    message: str = ""


class BatchOut(BaseModel):
    results: list[ItemResult]
    created: int
    duplicate: int
    rejected: int


class RecordOut(Schema):
    uuid: str
    status: str
    id: int
    is_bad: bool


class LookupIn(Schema):
    number: str = Field(..., max_length=50)
    phone_last4: str = Field(..., max_length=4)


class CaseBrief(Schema):
    number: str
    item: str
    staff: str
    window: str
    hall: str


class PromptOut(Schema):
    case: CaseBrief | None


class CaseIn(Schema):
    number: str = Field(..., max_length=50)
    item_code: str
    hall_code: str
    window_number: str | None = None
    staff_username: str | None = None
    applicant_type: int = 1
    applicant_name: str = Field("", max_length=50)
    applicant_phone: str = Field("", max_length=20)
    applicant_id_number: str = Field("", max_length=32)


class IdentityOut(Schema):
    name: str
    phone: str
    id_number: str
