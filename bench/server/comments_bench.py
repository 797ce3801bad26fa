"""Helper of bench/server/comments.sh.

  generate N            prints N responses (NDJSON) to the default survey over 2026-01-01..2026-11-20,
                        most with one or two free-text answers, many sharing a submitted_at second
  page PORT PID TOKEN   pages through every comment of 2026 (limit=100) on one keep-alive connection,
                        checks each comment is seen once, and prints the figures
"""
import http.client
import json
import random
import statistics
import sys
import time
import urllib.parse
import uuid

WORDS = ("the nurse was kind and the wait was short merci beaucoup très bien accueil rapide "
         "parking was hard to find 医生很好 谢谢 the doctor listened reception friendly long wait "
         "clear explanations respectful staff clean room appointment late phone line busy").split()


def comment(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))


def generate(count):
    rng = random.Random(15)
    start = 1767225600 + 43200  # 2026-01-01T12:00:00Z: every local date in 2026
    span = 323 * 86400  # to 2026-11-20
    for i in range(count):
        # Every tenth response reuses its neighbour's second: runs of equal times across pages.
        second = start + (i - i % 10 if i % 10 < 3 else i) * span // count
        offset = rng.choice((-5, -4, 1, 8))
        local = time.gmtime(second + offset * 3600)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", local) + f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
        answers = {"care_when_needed": rng.choice(("good", "very_good", "okay")), "overall": rng.randint(0, 10)}
        if rng.random() < 0.8:
            answers["went_well"] = comment(rng)
        if rng.random() < 0.6:
            answers["do_better"] = comment(rng)
        print(json.dumps({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                          "survey": {"id": "primary-care-visit", "version": 1},
                          "locale": rng.choice(("en-CA", "fr-CA", "zh-Hant")), "channel": "kiosk",
                          "site": rng.choice(("north", "south", "east")),
                          "started_at": stamp, "submitted_at": stamp, "answers": answers}, ensure_ascii=False))


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def page(port, pid, token):
    connection = http.client.HTTPConnection("127.0.0.1", int(port))
    headers = {"Authorization": f"Bearer {token}"}
    base = "/api/v1/comments?survey=primary-care-visit&period=2026&limit=100"

    def get(query):
        began = time.perf_counter()
        connection.request("GET", base + query, headers=headers)
        reply = connection.getresponse()
        body = json.loads(reply.read())
        if reply.status != 200:
            raise SystemExit(f"HTTP {reply.status}: {body}")
        return body, (time.perf_counter() - began) * 1000

    start_kib = peak_kib(pid)
    seen, times, cursor = set(), [], None
    first_page_kib = None
    began = time.perf_counter()
    while True:
        body, ms = get("" if cursor is None else "&cursor=" + cursor)
        times.append(ms)
        for c in body["comments"]:
            if c["id"] in seen:
                raise SystemExit(f"comment {c['id']} seen twice")
            seen.add(c["id"])
        if first_page_kib is None:
            first_page_kib = peak_kib(pid)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    total_s = time.perf_counter() - began
    last_kib = peak_kib(pid)
    _, search_ms = get("&q=" + urllib.parse.quote("zzz-in-no-comment"))
    _, found_ms = get("&q=" + urllib.parse.quote("医生"))
    ordered = sorted(times)
    print(f"paging: {len(seen)} comments in {len(times)} pages of 100, {total_s:.1f}s in all")
    print(f"page latency ms: p50 {statistics.median(times):.1f}, p99 {ordered[int(len(ordered) * 0.99) - 1]:.1f}, "
          f"first {times[0]:.1f}, last {times[-1]:.1f}")
    print(f"server peak memory (VmHWM): at start {start_kib // 1024} MiB, after the first page {first_page_kib // 1024} MiB, "
          f"after all {len(times)} pages {last_kib // 1024} MiB")
    print(f"search: q matching nothing (reads every comment of the year) {search_ms:.0f} ms; q=医生 (first page) {found_ms:.1f} ms")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]))
    else:
        page(*sys.argv[2:5])
