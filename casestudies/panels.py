"""Small helpers for building edit panels from BasePage's shared ones."""

from wagtail.admin.panels import FieldPanel, PanelGroup


def without_fields(panels, *field_names):
    """A copy of `panels` without the FieldPanels for `field_names`; groups left empty are dropped.

    Factories and case studies derive BasePage.authorities from their members and
    partners, so the shared "What it is about" group must not offer it a second time.
    """
    kept = []
    for panel in panels:
        if isinstance(panel, FieldPanel) and panel.field_name in field_names:
            continue
        if isinstance(panel, PanelGroup):
            children = without_fields(panel.children, *field_names)
            if not children:
                continue
            panel = type(panel)(**{**panel.clone_kwargs(), "children": children})
        kept.append(panel)
    return kept
