"""Reflection widgets: identifier review, closure dialog, review reminders and the
appraisal text/calendar exports, for the Overview and the Appraisal section."""
