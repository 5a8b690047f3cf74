"""Admin form data for factory and case study pages, as the editor's browser would post it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

PUBLISH = {"action-publish": "action-publish"}


def add_url(model_name, parent):
    return f"/admin/pages/add/casestudies/{model_name}/{parent.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def _flatten(data, many):
    """nested_form_data() turns lists into numbered keys; many-to-many choices must stay lists."""
    flat = nested_form_data(data)
    flat.update({name: [str(getattr(value, "pk", value)) for value in values] for name, values in many.items()})
    return flat


def factory_form_data(*, members, roadmap_items=(), **fields):
    """members: [(authority, role)]; roadmap_items: [dict of RoadmapItem fields]."""
    data = {
        "title": "Pennine Digital Factory",
        "slug": "pennine-digital-factory",
        "summary": "Five councils in the Pennines building their services once, together.",
        "description": rich_text("<p>We share a design team and a code base for resident services.</p>"),
        "formed_because": "devolution-deal",
        "formed_because_detail": "The West Yorkshire devolution deal of 2020.",
        "contact_name": "Factory coordinator",
        "contact_email": "factory@pennine.example.org",
        "contact_url": "https://pennine.example.org/contact",
        "licence": "",
        "content_owner": "Pennine Digital Factory team",
        "review_by": "",
        "last_reviewed": "",
        "members": inline_formset([{"authority": authority.pk, "role": role} for authority, role in members]),
        "roadmap_items": inline_formset(
            [
                {
                    "title": "",
                    "service_area": "",
                    "planned_quarter": "",
                    "status": "planned",
                    "partner_note": "",
                    **item,
                }
                for item in roadmap_items
            ]
        ),
        "change_log": inline_formset([]),
        "comments": inline_formset([]),
    }
    many = {"service_areas": fields.pop("service_areas", [])}
    data.update(fields)
    return _flatten(data, many)


def benefit_row(**fields):
    """One ledger line; `authorities` is a list of Authority objects."""
    return {
        "title": "",
        "cashable_saving_per_year": "",
        "non_cashable_benefit": "",
        "non_cashable_measure": "",
        "one_off_cost": "",
        "baseline": "",
        "method": "",
        "confidence": "",
        "evidence_url": "",
        **fields,
    }


def case_study_form_data(*, factory, partners, benefits=(), repositories=(), **fields):
    """partners: [(authority, role)]; benefits: [benefit_row(...)]; repositories: [dict]."""
    data = {
        "title": "Resident parking permits online",
        "slug": "resident-parking-permits-online",
        "summary": "Residents apply for and renew parking permits online, in minutes.",
        "factory": factory.pk,
        "phase": "live",
        "started_on": "2025-04-01",
        "live_on": "2026-01-15",
        "ended_on": "",
        "partners": inline_formset([{"authority": authority.pk, "role": role} for authority, role in partners]),
        "problem": rich_text("<p>Residents queued at the council office to renew a paper permit.</p>"),
        "approach": streamfield(
            [("paragraph", rich_text("<p>We researched with residents and built one service for all.</p>"))]
        ),
        "lessons_learnt": rich_text("<p>Start with the people who answer the phones.</p>"),
        "how_to_reuse": rich_text("<p>Fork the code and set your council's zones.</p>"),
        "openness": "open-source",
        "openness_reason": "",
        "licence": "",
        "code_repositories": inline_formset(
            [{"name": "", "url": "", "licence": "", **repository} for repository in repositories]
        ),
        "suppliers": "",
        "funding_source": "",
        "funding_amount": "",
        "benefits": inline_formset([{k: v for k, v in row.items() if k != "authorities"} for row in benefits]),
        "content_owner": "",
        "review_by": "",
        "last_reviewed": "",
        "change_log": inline_formset([]),
        "comments": inline_formset([]),
    }
    many = {
        name: fields.pop(name, []) for name in ("patterns_used", "methods_used", "standards_used", "service_areas")
    }
    for number, row in enumerate(benefits):
        many[f"benefits-{number}-authorities"] = row.get("authorities", [])
    data.update(fields)
    return _flatten(data, many)


def form_errors(response):
    """The page form's errors and its inline formsets' errors, flattened to {name: [message, ...]}."""
    form = response.context["form"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    for relation, formset in form.formsets.items():
        for number, child in enumerate(formset.forms):
            for name, messages in child.errors.items():
                errors[f"{relation}-{number}-{name}"] = list(messages)
        if formset.non_form_errors():
            errors[f"{relation}-__all__"] = list(formset.non_form_errors())
    return errors
