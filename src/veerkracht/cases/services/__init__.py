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
"""
