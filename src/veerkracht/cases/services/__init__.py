# SPDX-License-Identifier: EUPL-1.2
"""The one write API of the meldingen: every change goes through here, in a transaction, audited.

- ``intake.receive`` / ``intake.receive_many``: take in meldingen (checked, placed, routed, clocks started)
- ``rounds.submit_round``: a resident team's round and its findings, all or nothing
- ``links.link_to_existing`` / ``links.mark_duplicate``: one case instead of two
- ``transitions.transition``: a step of the workflow (acknowledge, give_feedback, close, reopen, ...)
- ``clocks.pause_clock`` / ``clocks.resume_clock``: stop and restart a promise's clock, with a reason
- ``assignment.reassign``: another organisation, team, role or person
- ``routing.create_rule_set`` / ``routing.activate_rule_set``: versions of an organisation's routing rules
- ``messages``: the reporter's messages, sent after commit by an event subscriber

Dossiers (issue 10, ADR 0021 and 0022):

- ``dossiers.open_dossier`` / ``dossiers.add_meldingen``: a dossier and the meldingen it collects
- ``dossier_status.suspend`` / ``resume`` / ``extend`` / ``close_dossier`` / ``reopen_dossier``
- ``parties.add_party`` / ``parties.record_hearing``: parties in roles, hoor en wederhoor
- ``ladder.take_step`` / ``ladder.add_evidence``: the escalation ladder
- ``kpi_snapshots.refresh`` / ``refresh_all``: each organisation's stored KPIs, read by the KPI dashboard
- ``covenants.create_covenant`` / ``end_covenant``; ``referrals.refer`` / ``reply`` / ``close_partner_part`` /
  ``end_referral`` / ``end_expired_referrals``
- ``signals.receive_signal`` and ``signal_import.import_signals``: early signals
- ``reads.record_dossier_read``: every read of a dossier, audited
- ``kpis.publish_kpis`` / ``publish_due``: the KPIs to the value store; ``retention.run_retention``
"""
