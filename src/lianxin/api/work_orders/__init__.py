"""Work orders over HTTP: list and register, detail, transitions, history.

`serializers` holds the shared output shapes, `bodies` renders a work order for its reader (masking personal
data), `access` finds one in the reader's scope, and the views live in `views` (list, register, detail),
`transitions` and `events`. Import from those modules; this package exports nothing itself.
"""
