"""Intake over HTTP: the PBX's CTI endpoint and routing brain, agent states, calls, the caller history, blocked
numbers, drafts and registration from a call. Every action of the workstation is here."""
