"""The OpenAPI description at /api/openapi.json is true to the routes, both ways."""

from __future__ import annotations

import re

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _flask_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - IGNORED_METHODS:
            routes.add((path, method.lower()))
    return routes


def _spec_routes(spec) -> set[tuple[str, str]]:
    return {(path, method) for path, ops in spec["paths"].items() for method in ops}


def test_every_route_is_described_and_every_description_is_a_route(app, client):
    spec = client.get("/api/openapi.json").json
    flask_routes = _flask_routes(app)
    spec_routes = _spec_routes(spec)
    assert flask_routes - spec_routes == set(), "routes missing from the OpenAPI description"
    assert spec_routes - flask_routes == set(), "described operations with no route"


def test_path_parameters_match_the_path(client):
    spec = client.get("/api/openapi.json").json
    for path, ops in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, op in ops.items():
            declared = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"


def test_every_schema_reference_resolves(client):
    spec = client.get("/api/openapi.json").json
    text = str(spec)
    for ref in set(re.findall(r"#/components/(\w+)/(\w+)", text)):
        assert ref[1] in spec["components"][ref[0]], ref


def test_spec_is_openapi_3_1_with_bearer_auth(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
