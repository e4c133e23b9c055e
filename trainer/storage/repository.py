"""The repository: every read and write the app, the call flow and batch scoring make.

API for the call flow (record a call and its attempts)::

    from trainer.storage import open_repository

    repo = open_repository()            # URL from locations.database_url() (TRAINER_DB / --db);
                                        # runs migrations; recordings under locations.recordings_dir()
    trainee = repo.ensure_trainee("Kim Minji")           # -> Trainee(id, name, cohort)
    call_id = repo.start_call(
        trainee.id, pack=pack,                            # core.scenario.Pack (id + version recorded)
        scenario_id="repair.leak", mode="practice",       # "practice" | "exam"
        pickup_ring=2, exam_id=None,
    )
    saved = repo.record_attempt(
        call_id, turn_id="phone.answer", step_index=0,
        transcript="您好 宇和物业 请讲", verdict=verdict,  # core.scoring.Verdict: score, passed,
                                                          # breakdown (as_dict), scorer version and
                                                          # the standard text (verdict.matched)
        words=[{"word": "您好", "start": 0.1, "end": 0.5, "conf": 0.9}],   # Vosk result words
        timing=timing,                                    # core.scoring.Timing or None
        audio=samples, sample_rate=16000,                 # int16/float numpy array or None
    )
    # `saved` (SavedAttempt: id, recording path) is returned only after the row is committed:
    # report "saved" to the user then, never before. The FLAC is written first (tmp + rename).
    repo.end_call(call_id, total_score=86.5, passed=True)  # an ended call takes no more attempts
    repo.close()

Each ``record_attempt`` is one short transaction; on SQLite it waits for a busy database
(busy timeout plus retry) instead of failing with "database is locked". Errors reach the caller
as ``trainer.errors.StorageError`` with a message saying what to do.

Other operations: trainees (``add_trainee``, ``list_trainees``), supervisors
(``add_supervisor(name, pin)``, ``verify_supervisor(name, pin) -> Supervisor``), exams
(``create_exam``, ``exam_for_trainee``), reviews (``override(attempt_id, supervisor, score,
comment)`` needs a ``Supervisor`` returned by ``verify_supervisor`` on the same repository:
trainees cannot change scores), ``acknowledge`` and ``dispute`` by trainees, ``audit`` entries,
``purge(before, with_attempts=False)`` for retention, and ``attempt_rows`` for reports.
"""
