"""Schemathesis: every operation of the OpenAPI document with generated inputs, as the role it is for.

Zero server errors and zero responses that break the document (status codes, content types,
response schemas, headers, invalid data rejected): schemathesis' default checks, except
`positive_data_acceptance`. That one expects every schema-valid body to be accepted, but some
rules span fields and cannot be written in the document: an end after its start, the eligibility
answers a Development Agent must give, a chapter for a fellowship and a sector for a lead. Those
answer 422, which every such operation documents.
"""
from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.jobs import runner
from diaspora.tokens.services import create_token
from tests.bulk.rosters import jsonl, profile
from tests.jobs import tasks

MAX_EXAMPLES = 25


def role_for(method: str, path: str) -> str:
    """The role an operation is meant for; the other roles' 403/404 are covered in test_api.py."""
    if path == "/api/v1/profile":
        return "member"
    if path.startswith("/api/v1/opportunities") and method != "GET":
        return "ministry"
    return "officer"


@pytest.fixture
def world(app, make_user, make_member, make_fellowship, make_lead):
    member, officer, ministry = make_member().user, make_user(Role.OFFICER), make_user(Role.MINISTRY)
    fellowship = make_fellowship(institution=ministry.institution)
    make_lead(institution=ministry.institution)
    agent = make_member(full_name="Besa Dema", is_agent=True)
    tokens = {name: create_token(user, "schemathesis")[1]
              for name, user in (("member", member), ("officer", officer), ("ministry", ministry))}
    db.session.commit()
    job = runner.submit("test", tasks.make_institutions, ["Schemathesis institution"], created_by=officer)
    assert job.status.value == "done"
    # Existing objects, so that generated requests also reach the operations' success paths.
    existing = {"profile_id": agent.id, "opportunity_id": fellowship.id, "job_id": job.id}
    return tokens, existing


@pytest.mark.slow
def test_every_operation_conforms_to_the_openapi_document(app, world):
    tokens, existing = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, operations, statuses = [], 0, {}
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = {"Authorization": f"Bearer {tokens[role_for(operation.method.upper(), operation.path)]}"}
        known = {name: value for name, value in existing.items() if "{" + name + "}" in operation.path}
        strategies = [operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE)]
        if known:
            strategies.append(operation.as_strategy(path_parameters=known))

        @settings(max_examples=MAX_EXAMPLES * len(strategies), deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=st.one_of(strategies))
        def check(case):
            if operation.path.endswith("/import") and isinstance(case.body, dict) and "file" in case.body:
                case.body["file"] = ("roster.jsonl", jsonl([profile(1)]))
            response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # every operation's failures, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert operations >= 15
    assert failures == [], "\n\n".join(failures)
    assert statuses.get(200, 0) + statuses.get(201, 0) + statuses.get(202, 0) > 50, statuses
    print(f"schemathesis: {operations} operations, {sum(statuses.values())} requests, statuses {statuses}")
