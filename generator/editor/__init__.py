"""The browser editing room: Decap CMS, its configuration written from the schema."""

ADMIN = "admin/"  # the hosted room in a built site, from its root
