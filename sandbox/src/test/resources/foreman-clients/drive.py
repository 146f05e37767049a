"""Drives real Foreman client libraries against the Foreman stand-in; prints one JSON line.

Usage: drive.py BASE_URL LOGIN TOKEN SEARCH CACHE_DIR
- apypie (what the theforeman.foreman Ansible collection uses): loads /apidoc/v2.json, then lists
  hosts with per_page=4294967296 (apypie.foreman.PER_PAGE) in the query string;
- nailgun: searches hosts, sending the search as a JSON body on GET.
"""
import collections
import collections.abc
import inspect
import json
import sys

import apypie

# nailgun's last PyPI release (0.32.0, 2017) uses two names newer Pythons removed:
# collections.Iterable (3.10) and inspect.getargspec (3.11)
if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable
if not hasattr(inspect, "getargspec"):
    ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")
    inspect.getargspec = lambda function: ArgSpec(*inspect.getfullargspec(function)[:4])

base, login, token, search, cache = sys.argv[1:6]

api = apypie.ForemanApi(
    uri=base, username=login, password=token, verify_ssl=False, apidoc_cache_dir=cache
)
apypie_hosts = api.list("hosts", search=search)

from nailgun import entities  # noqa: E402 (after the shim)
from nailgun.config import ServerConfig  # noqa: E402

config = ServerConfig(url=base, auth=(login, token), verify=False)
nailgun = entities.Host(config).search_json(query={"search": search, "per_page": 1000})

print(
    json.dumps(
        {
            "apypie": {"count": len(apypie_hosts), "names": [h["name"] for h in apypie_hosts]},
            "nailgun": {
                "count": len(nailgun["results"]),
                "subtotal": nailgun["subtotal"],
                "search": nailgun["search"],
                "names": [h["name"] for h in nailgun["results"]],
            },
        }
    )
)
