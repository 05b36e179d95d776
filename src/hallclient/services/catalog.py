"""The catalog in the local store: replace it from a file or the server, read it back as domain objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from hallclient.catalog.jsonio import guide_to_json
from hallclient.domain import catalog as domain
from hallclient.domain.events import new_id
from hallclient.store.bootstrap import set_meta
from hallclient.store.db import Store
from hallclient.store.models import Bundle, CertificateKind, Department, Material, Matter, Meta

CATALOG_VERSION_KEY = "catalog_version"
# Changed by every catalog write, in its transaction: the key of the matter cache (``get_matter``). A fresh id,
# not a counter: a rolled-back write, another store or a restored copy can never bring back a key already cached.
CATALOG_GENERATION_KEY = "catalog_generation"

# The matters read under one catalog generation (None: unknown or inactive); replaced when the generation changes.
_matters: tuple[str, dict[str, domain.Matter | None]] = ("", {})
_GENERATION_SQL = "SELECT value FROM meta WHERE key = ?"


def replace_catalog(session: Session, catalog: domain.Catalog) -> None:
    """Upsert every department and matter; matters missing from ``catalog`` are deactivated, never
    deleted, because existing cases still refer to them."""
    for department in catalog.departments:
        department_row = session.get(Department, department.code)
        if department_row is None:
            session.add(Department(code=department.code, name=department.name))
        else:
            department_row.name = department.name
    session.flush()
    incoming = {matter.code for matter in catalog.matters}
    for existing in session.scalars(select(Matter)):
        if existing.code not in incoming:
            existing.active = False
    for matter in catalog.matters:
        row = session.get(Matter, matter.code)
        if row is None:
            row = Matter(code=matter.code)
            session.add(row)
        row.name = matter.name
        row.department_code = matter.department_code
        row.kind = matter.kind.value
        row.matter_type = matter.matter_type.value if matter.matter_type else ""
        row.statutory_days = matter.statutory_days
        row.promised_days = matter.promised_days
        row.fee = matter.fee
        row.id_card_only = matter.id_card_only
        row.province_wide = matter.province_wide
        row.cross_province = matter.cross_province
        row.online = matter.online
        row.fully_online = matter.fully_online
        row.one_window = matter.one_window
        row.legal_basis = matter.legal_basis
        row.pinyin_initials = matter.pinyin_initials
        row.guide = guide_to_json(matter.guide)
        row.active = True
        # Old checklist rows go first: the new ones reuse their (matter, code) keys.
        row.materials.clear()
        session.flush()
        row.materials.extend(
            Material(
                code=item.code,
                name=item.name,
                form=item.form.value,
                copies=item.copies,
                required=item.required,
                deficiency_allowed=item.deficiency_allowed,
                note=item.note,
                certificate_kinds=list(item.certificate_kinds),
                position=position,
            )
            for position, item in enumerate(matter.materials)
        )
        session.flush()
    _replace_bundles(session, catalog.bundles)
    session.execute(delete(CertificateKind))
    session.add_all(CertificateKind(code=kind.code, name=kind.name) for kind in catalog.certificate_kinds)
    set_meta(session, CATALOG_VERSION_KEY, catalog.version)
    set_meta(session, CATALOG_GENERATION_KEY, new_id())


def _replace_bundles(session: Session, bundles: tuple[domain.Bundle, ...]) -> None:
    """Like matters, bundles dropped from the catalog are deactivated: linked cases still name them."""
    incoming = {bundle.code: bundle for bundle in bundles}
    for existing in session.scalars(select(Bundle)):
        if existing.code not in incoming:
            existing.active = False
    for bundle in bundles:
        row = session.get(Bundle, bundle.code)
        if row is None:
            row = Bundle(code=bundle.code)
            session.add(row)
        row.name = bundle.name
        row.description = bundle.description
        row.matters = list(bundle.matters)
        row.active = True
        row.pinyin_initials = bundle.pinyin_initials or _initials(bundle.name)


def _initials(name: str) -> str:
    """A bundle's search initials when its catalog carries none (pypinyin loaded only then)."""
    from hallclient.catalog.pinyin import pinyin_initials

    return pinyin_initials(name)


def guide_from_json(data: dict[str, Any] | None) -> domain.Guide:
    """The stored guide back; a store written before guides existed has ``{}``, an empty guide."""
    if not data:
        return domain.Guide()
    return domain.Guide(
        conditions=tuple(data.get("conditions", ())),
        steps=tuple(data.get("steps", ())),
        address=data.get("address", ""),
        hours=data.get("hours", ""),
        phone=data.get("phone", ""),
        online_url=data.get("online_url", ""),
        sample_forms=tuple(
            domain.SampleForm(name=f["name"], file=f["file"], sha256=f["sha256"]) for f in data.get("sample_forms", ())
        ),
    )


def import_catalog(store: Store, catalog: domain.Catalog) -> int:
    with store.write() as session:
        replace_catalog(session, catalog)
    return len(catalog.matters)


def to_domain(row: Matter) -> domain.Matter:
    return domain.Matter(
        code=row.code,
        name=row.name,
        department_code=row.department_code,
        kind=domain.MatterKind(row.kind),
        matter_type=domain.MatterType(row.matter_type) if row.matter_type else None,  # "": imported before types
        statutory_days=row.statutory_days,
        promised_days=row.promised_days,
        fee=row.fee,
        id_card_only=row.id_card_only,
        province_wide=row.province_wide,
        cross_province=row.cross_province,
        online=row.online,
        fully_online=row.fully_online,
        one_window=row.one_window,
        legal_basis=row.legal_basis,
        pinyin_initials=row.pinyin_initials,
        guide=guide_from_json(row.guide),
        materials=tuple(
            domain.Material(
                code=item.code,
                name=item.name,
                form=domain.MaterialForm(item.form),
                copies=item.copies,
                required=item.required,
                deficiency_allowed=item.deficiency_allowed,
                note=item.note,
                certificate_kinds=tuple(item.certificate_kinds or ()),
            )
            for item in row.materials
        ),
    )


def load_catalog(store: Store, *, include_inactive: bool = False) -> domain.Catalog:
    with store.read() as session:
        query = select(Matter).options(selectinload(Matter.materials)).order_by(Matter.code)
        if not include_inactive:
            query = query.where(Matter.active.is_(True))
        matters = tuple(to_domain(row) for row in session.scalars(query))
        departments = tuple(
            domain.Department(code=row.code, name=row.name)
            for row in session.scalars(select(Department).order_by(Department.code))
        )
        version = session.get(Meta, CATALOG_VERSION_KEY)
        bundle_query = select(Bundle).order_by(Bundle.code)
        if not include_inactive:
            bundle_query = bundle_query.where(Bundle.active.is_(True))
        bundles = tuple(bundle_to_domain(row) for row in session.scalars(bundle_query))
        kinds = tuple(
            domain.CertificateKind(code=row.code, name=row.name)
            for row in session.scalars(select(CertificateKind).order_by(CertificateKind.code))
        )
    return domain.Catalog(
        departments=departments,
        matters=matters,
        version=version.value if version else "",
        bundles=bundles,
        certificate_kinds=kinds,
    )


def bundle_to_domain(row: Bundle) -> domain.Bundle:
    return domain.Bundle(
        code=row.code,
        name=row.name,
        matters=tuple(row.matters),
        description=row.description,
        pinyin_initials=row.pinyin_initials,
    )


def get_bundle(session: Session, code: str) -> domain.Bundle | None:
    row = session.get(Bundle, code)
    return bundle_to_domain(row) if row is not None and row.active else None


def get_matter(session: Session, code: str) -> domain.Matter | None:
    """The active matter ``code`` as a domain object; None when unknown or inactive.

    Every intake reads its matter: this costs one indexed read of the catalog generation, in the caller's
    transaction, while the catalog is unchanged (a store no catalog write has stamped yet is read each time)."""
    global _matters
    generation = catalog_generation(session)
    if generation is None:
        return _read_matter(session, code)
    cached_generation, matters = _matters
    if cached_generation != generation:
        matters = {}
        _matters = (generation, matters)
    if code not in matters:
        matters[code] = _read_matter(session, code)
    return matters[code]


def catalog_generation(session: Session) -> str | None:
    """The id the last catalog write stamped (None: none has), read with one prepared statement: every intake
    reads it twice (its matter, its receipt). Pending ORM changes are flushed first, as an ORM query would."""
    session.flush()
    row = session.connection().exec_driver_sql(_GENERATION_SQL, (CATALOG_GENERATION_KEY,)).first()
    return None if row is None else str(row[0])


def _read_matter(session: Session, code: str) -> domain.Matter | None:
    row = session.get(Matter, code)
    return to_domain(row) if row is not None and row.active else None


def matter_type_of(session: Session, code: str) -> domain.MatterType | None:
    """The type of matter ``code`` (inactive matters too: old cases keep their words); None when unknown."""
    row = session.get(Matter, code)
    return domain.MatterType(row.matter_type) if row is not None and row.matter_type else None
