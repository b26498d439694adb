"""The disclosure pages, by concern (disclosures/urls.py names each module's views):

reading   the list and its spreadsheet, a disclosure's page, its history, attachment downloads
drafting  a new draft and its edits
workflow  the steps taken from a disclosure's page, and those confirmed on a page of their own
updates   progress updates: their page, edits, files and steps
plans     work plans for off-catalog disclosures
work      the daily screens of 我的工作 (queues in disclosures/queues.py)

Thin: the scoping function (404), the rule (403), the form, then the service; a refused form is
shown again as typed with the reason next to its field (400)."""
