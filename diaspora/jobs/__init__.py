"""Background jobs: long work (imports, exports, index rebuilds, retraining, CV parsing) off the request.

How to use it from another package::

    from diaspora.jobs.runner import submit, report, cancel_requested, JobCancelled

    def rebuild(job_id: int, epoch: int) -> dict:        # module-level, importable by dotted path
        for step, chunk in enumerate(chunks):
            report(job_id, 100 * step // len(chunks), _("Rebuilding…"))   # commits progress; raises
            ...                                                            # JobCancelled if asked to stop
        db.session.flush()                                # work through db.session as usual
        return {"profiles": n}                            # JSON-ready result, shown on /jobs/<id>

    db.session.commit()                                   # views: commit your own changes first
    job = submit("rebuild_index", rebuild, 42, created_by=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))

- ``submit(kind, func, *args, created_by=None)`` stores a ``Job`` row (status ``queued``) with the
  function's dotted path and its JSON-ready arguments, then runs it: on RQ when ``REDIS_URL`` is
  set (``flask jobs worker`` executes it), inline in the calling thread otherwise. Both ways run
  the same ``runner.execute(job_id)``: a fresh app context and database session, status
  ``running``, ``func(job_id, *args)``, then one commit of the function's work together with status
  ``done`` and its result; an exception rolls everything back and marks the job ``failed``
  (``DomainError`` messages are shown to the person; anything else is logged and shown generically);
  ``JobCancelled`` rolls back and marks it ``cancelled``. So a job's database work is all-or-nothing.
- ``report(job_id, percent, message)`` writes progress in its own short transaction and raises
  ``JobCancelled`` when someone pressed Cancel. Call it only before the function's first write
  (SQLite allows one writer at a time); after writing, poll ``cancel_requested(job_id)`` (read only).
- Arguments and results must be JSON-ready (ids, strings, numbers): never models or file objects.
  Files go to ``diaspora.storage`` (shared by every host and worker) and are passed by key or name:
  a job's own output under ``runner.file_key(job_id, name)``.
- ``/jobs/<id>`` shows progress to the person who started the job (and admins); ``static/js/jobs.js``
  polls ``/jobs/<id>/status``; ``/api/v1/jobs/<id>`` is the same for API clients.
"""
from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
