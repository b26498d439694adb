"""The obligation pages, by concern (obligations/urls.py names each module's views):

lists      the list, the month calendar, the overdue list, the upper level's overview
handling   an obligation's page and its steps (the forms the engine allows this person now)
recording  recording decisions, rounds and changes, cadences, and the deadline rules
feeds      private iCalendar addresses and the feed itself"""
