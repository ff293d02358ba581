-- A campaign's recipient choice gave its appointment window as `withinDays: N` (N × 24 hours from now).
-- Windows are calendar days in the organisation's time zone now; the older choice becomes the window
-- "from now through the end of the day N days from today", which holds every appointment the old one did.
UPDATE "campaigns"
SET "recipient_selection" = ("recipient_selection" - 'withinDays')
  || jsonb_build_object('window', jsonb_build_object('kind', 'nextDays', 'days', "recipient_selection" -> 'withinDays'))
WHERE "recipient_selection" ? 'withinDays';
