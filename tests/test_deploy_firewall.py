"""DEPLOY.md's firewall rules, loaded with `nft -f` and tried over a network.

Each of section 12's hosts is a network namespace of its own on one private bridge: the first app
host with nginx (10.0.0.10, section 1's file as it is), the database host (10.0.0.11, section 1's
file with section 12's line added), the new app host (10.0.0.12, section 1's file changed as section
12 says) and an outsider on the same network (10.0.0.99) with no firewall. The rule files are taken
from DEPLOY.md as written. Every host listens on every port concerned, so a connection either
succeeds (the firewall let it in) or times out (it was dropped). Everything lives in the test's own
namespaces, bridge included: the machine's own network and firewall are never touched.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from . import services
from .test_second_host_tls import _block, _section_12

pytestmark = pytest.mark.nftables
ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = {"nginx": "10.0.0.10", "db": "10.0.0.11", "app": "10.0.0.12", "outsider": "10.0.0.99"}
PORTS = (22, 80, 443, 5432, 6379, 8000)
ANYONE = frozenset(ADDRESSES)
# Who may open each port of each host, over IPv4; every other connection must be dropped, and over
# IPv6 only the ports open to anyone are open (section 12's rules name IPv4 addresses).
REACHABLE = {
    "nginx": {22: ANYONE, 80: ANYONE, 443: ANYONE},
    "db": {22: ANYONE, 80: ANYONE, 443: ANYONE, 5432: {"nginx", "app"}, 6379: {"nginx", "app"}},
    "app": {22: ANYONE, 8000: {"nginx"}},
}

# Accepts and closes connections on every port given, over IPv4 and IPv6.
LISTENER = r"""
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", int(port)))
    s.listen(64)
    sel.register(s, selectors.EVENT_READ)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        key.fileobj.accept()[0].close()
"""

# Tries every "address port" (a TCP connection) or "address ping" (an ICMP echo) given, all at once;
# prints what became of each: open, dropped (no answer), or the error.
PROBE = r"""
import json, socket, sys
from concurrent.futures import ThreadPoolExecutor
def attempt(target):
    address, what = target.split()
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        if what == "ping":
            proto = socket.IPPROTO_ICMPV6 if family == socket.AF_INET6 else socket.IPPROTO_ICMP
            with socket.socket(family, socket.SOCK_DGRAM, proto) as s:
                s.settimeout(2)
                s.sendto(bytes([128 if family == socket.AF_INET6 else 8, 0, 0, 0, 0, 0, 0, 1]), (address, 0))
                return "open" if s.recv(64)[0] in (0, 129) else "other answer"
        with socket.create_connection((address, int(what)), timeout=2):
            return "open"
    except socket.timeout:
        return "dropped"
    except OSError as exc:
        return type(exc).__name__
with ThreadPoolExecutor(len(sys.argv)) as pool:
    print(json.dumps(dict(zip(sys.argv[1:], pool.map(attempt, sys.argv[1:])))))
"""


def _v6(address: str) -> str:
    return "fd00::" + address.rsplit(".", 1)[1]


def _rule_files() -> dict[str, str]:
    """/etc/nftables.conf of each host, from DEPLOY.md as written."""
    text = (ROOT / "DEPLOY.md").read_text()
    section_1 = text[text.index("## 1. The machine"):text.index("## 2.")]
    found = re.findall(r"^cat > /etc/nftables\.conf <<'EOF'\n(.*?)^EOF$", section_1, re.S | re.M)
    assert len(found) == 1, f"DEPLOY.md section 1 has {len(found)} /etc/nftables.conf files"
    one_host = found[0]

    def add_to_input(rules: str, rule: str) -> str:
        # "In chain input, add": as the chain's last rule, before its closing brace.
        chain = re.search(r"chain input \{\n(?:.*\n)*?(?= *\}\n)", rules)
        assert chain, "section 1's file has no chain input"
        return rules[:chain.end()] + "    " + rule + "\n" + rules[chain.end():]

    database_rule = _block(_section_12(), "tcp dport { 5432, 6379 }").strip()
    section_12 = text[text.index("## 12. A second app host"):text.index("## 13.")]
    change = re.search(r"change `([^`]+)` to `([^`]+)` and add\s+`([^`]+)`", section_12)
    assert change, "DEPLOY.md section 12 no longer says how the new app host's firewall changes"
    before, after, added = change.groups()
    assert one_host.count(before) == 1, f"section 1's file does not have {before!r} once"
    return {
        "nginx": one_host,
        "db": add_to_input(one_host, database_rule),
        "app": add_to_input(one_host.replace(before, after), added),
    }


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    assert done.returncode == 0, f"ip {' '.join(args)}: {done.stderr}"


@contextmanager
def _network():
    """The namespaces, named {role: namespace}, joined by a bridge in a namespace of its own; deleted
    on the way out, with every process started in them."""
    if os.geteuid() != 0:
        services.unavailable("network namespaces need root: DEPLOY.md's firewall rules were not tried")
    if shutil.which("nft") is None or shutil.which("ip") is None:
        services.unavailable("nft or ip is not installed (Debian packages nftables and iproute2): "
                             "DEPLOY.md's firewall rules were not tried")
    tag = uuid.uuid4().hex[:8]
    lan = f"reporthate-{tag}-lan"
    names = {role: f"reporthate-{tag}-{role}" for role in ADDRESSES}
    made, processes = [], []
    try:
        added = subprocess.run(["ip", "netns", "add", lan], capture_output=True, text=True, timeout=10)
        if added.returncode != 0:
            services.unavailable(f"cannot make a network namespace here ({added.stderr.strip()})")
        made.append(lan)
        # A kernel without nf_tables is this machine's lack, not a fault in DEPLOY.md.
        usable = subprocess.run(["ip", "netns", "exec", lan, "nft", "add", "table", "inet", "probe"],
                                capture_output=True, text=True, timeout=10)
        if usable.returncode != 0:
            services.unavailable(f"nftables does not work in a namespace here ({usable.stderr.strip()})")
        _ip("-n", lan, "link", "add", "br0", "type", "bridge")
        _ip("-n", lan, "link", "set", "br0", "up")
        for role, address in ADDRESSES.items():
            _ip("netns", "add", names[role])
            made.append(names[role])
            _ip("-n", lan, "link", "add", role, "type", "veth", "peer", "name", "eth0", "netns", names[role])
            _ip("-n", lan, "link", "set", role, "master", "br0", "up")
            _ip("-n", names[role], "link", "set", "lo", "up")
            _ip("-n", names[role], "addr", "add", f"{address}/24", "dev", "eth0")
            _ip("-n", names[role], "addr", "add", f"{_v6(address)}/64", "dev", "eth0", "nodad")
            _ip("-n", names[role], "link", "set", "eth0", "up")
        yield names, processes
    finally:
        for process in processes:
            process.kill()
            process.wait()
        for name in made:
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=10)
        left = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
        assert f"reporthate-{tag}-" not in left, f"namespaces left behind: {left}"


def test_deploy_md_firewall_rules_let_in_only_what_section_12_says(tmp_path):
    rule_files = _rule_files()
    with _network() as (names, processes):
        for role, rules in rule_files.items():
            path = tmp_path / f"{role}.nft"
            path.write_text(rules)
            done = subprocess.run(["ip", "netns", "exec", names[role], "nft", "-f", str(path)],
                                  capture_output=True, text=True, timeout=10)
            assert done.returncode == 0, f"nft rejects the {role} host's file:\n{rules}\n{done.stderr}"
            listener = subprocess.Popen(["ip", "netns", "exec", names[role], sys.executable, "-c", LISTENER,
                                         *map(str, PORTS)], stdout=subprocess.PIPE, text=True)
            processes.append(listener)
            assert listener.stdout.readline() == "ready\n", f"the {role} host's listener did not start"
        # Lets the probe ping without raw sockets; the setting is these namespaces' own.
        for name in names.values():
            _ip("netns", "exec", name, "sysctl", "-qw", "net.ipv4.ping_group_range=0 0")

        expected = {}
        for source in ADDRESSES:
            wanted = {}
            for host, ports in REACHABLE.items():
                own = host == source
                for port in PORTS:
                    allowed = ports.get(port, frozenset())
                    wanted[f"{ADDRESSES[host]} {port}"] = "open" if own or source in allowed else "dropped"
                    wanted[f"{_v6(ADDRESSES[host])} {port}"] = "open" if own or allowed == ANYONE else "dropped"
                    if own:  # loopback inside the host is never filtered
                        wanted[f"127.0.0.1 {port}"] = wanted[f"::1 {port}"] = "open"
                wanted[f"{ADDRESSES[host]} ping"] = wanted[f"{_v6(ADDRESSES[host])} ping"] = "open"
            expected[source] = wanted

        probes = {source: subprocess.Popen(["ip", "netns", "exec", names[source], sys.executable, "-c", PROBE,
                                            *wanted], stdout=subprocess.PIPE, text=True)
                  for source, wanted in expected.items()}
        processes.extend(probes.values())
        seen = {source: json.loads(probe.communicate(timeout=20)[0]) for source, probe in probes.items()}

    wrong = [f"from {source} ({ADDRESSES[source]}): {target} {seen[source].get(target)}, expected {state}"
             for source, wanted in expected.items() for target, state in wanted.items()
             if seen[source].get(target) != state]
    assert not wrong, "\n".join(wrong)
