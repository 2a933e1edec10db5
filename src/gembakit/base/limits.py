"""Limits on what one file may hold, named once and enforced while reading, before any work.

A 100,000-character organisation name once took minutes to render and 10,000 findings minutes
more; a limit refused early, with the field and the number in the message, costs the honest user
nothing. Every limit here is far above what a real assessment needs.
"""

NAME = 300  # organisation, site, assessor, area names
SHORT_TEXT = 200  # province, industry, credential, caption, file names
TEXT = 4000  # notes, finding texts, root causes, actions
ANSWERS = 2000  # answers in one assessment (the largest checklist has a few hundred items)
FINDINGS_PER_ITEM = 50
FINDINGS = 1000  # findings in the whole assessment
EVIDENCE_PER_ITEM = 30
EVIDENCE = 600  # evidence files in the whole assessment
STATUS_ENTRIES = 200
AREAS = 50
ACTIVITIES = 50
EVIDENCE_BYTES = 50 * 1024 * 1024  # one evidence file
IMAGE_PIXELS = 40_000_000  # one image shown in a report
WORKBOOK_BYTES = 20 * 1024 * 1024
WORKBOOK_ROWS = 5000  # rows of one sheet of an imported workbook
