"""The Overview's pictures of the relationship at a glance, painted with QPainter from
one Glance (app/domain/glance.py): the year's meetings, the goals and the actions.
geometry.py computes where things go as plain numbers; the views only paint them."""
