#!/usr/bin/env python3
"""Time `racelint check FILE --no-cache` on generated files of 1, 2, 4 and 8 MB per shape.

Usage: scripts/scale.py [--sizes 1,2,4,8] [--timeout S] [--bin PATH] [SHAPE...]

Each shape is hostile in one way (deep nesting just below the 25 000-level cap, long chains,
many guards held at once, many functions); nesting shapes put one nest of up to DEPTH levels
per function and pad each level with statements, so the file grows both in depth and in the
work each level holds. Prints a Markdown table of seconds (wall; "(error)" when the file was refused), and the
ratio of the 8 MB time to the 1 MB time (about 8 is linear). Files go to a temporary
directory that is removed at the end. Not a test: wall time flakes.
"""
import json, os, subprocess, sys, tempfile, time

MB = 1 << 20
DEPTH = 20_000  # below the scan's 25 000-level cap
PAD_STMT = "let _ = x + 1; "
HEAD = "use std::sync::{Arc, Mutex, RwLock};\nuse std::sync::atomic::{AtomicUsize, Ordering};\n"


def fill(size, unit, sep=""):
    """Repeat unit(i) until about `size` bytes."""
    out, n, i = [HEAD], len(HEAD), 0
    while n < size:
        s = unit(i) + sep
        if i > 0 and n + len(s) // 2 > size:
            break
        out.append(s)
        n += len(s)
        i += 1
    return "".join(out)


def nest(size, opener, closer, core="1", pad=None, depth=DEPTH, wrap=("fn f{i}(m: &Mutex<u32>, a: bool, x: u32) {{ let _ = ", "; }}\n")):
    """One or more functions, each a nest of `depth` levels padded so the file reaches `size`."""
    per_fn = len(opener) * depth + len(closer) * depth
    if pad is None and "PAD" in opener:
        pad = PAD_STMT
    if pad is not None:
        # pad every level so one function of `depth` levels fills the file
        room = max(0, size - len(HEAD) - per_fn)
        k = max(0, room // depth // max(1, len(pad)))
        opener = opener.replace("PAD", pad * k)
        closer = closer.replace("PAD", pad * k)
    else:
        opener = opener.replace("PAD", "")
        closer = closer.replace("PAD", "")
    def unit(i):
        return wrap[0].format(i=i) + opener * depth + core + closer * depth + wrap[1].format(i=i)
    return fill(size, unit)


SHAPES = {
    # many small functions, each taking two locks
    "functions": lambda s: fill(s, lambda i: f"fn f{i}(a: &Mutex<u32>, b: &Mutex<u32>) {{ let _x = a.lock().unwrap(); let _y = b.lock().unwrap(); }}\n"),
    # functions holding many guards at once (8 mutexes, 200 guards a function)
    "guards": lambda s: fill(s, lambda i: "fn g%d(m: &[Mutex<u32>; 8]) {\n%s}\n" % (i, "".join(f"    let _g{j} = m[{j % 8}].lock().unwrap();\n" for j in range(200)))),
    # one function holding every guard of the file, over 16 static mutexes
    "guards-one-fn": lambda s: HEAD + "".join(f"static M{j}: Mutex<u32> = Mutex::new(0);\n" for j in range(16)) + "fn g() {\n" + "".join(f"    let _g{j} = M{j % 16}.lock().unwrap();\n" for j in range(s // 36)) + "}\n",
    "blocks": lambda s: nest(s, "{ PAD", " }"),
    "closures": lambda s: nest(s, "|| { PAD", " }"),
    "closures-bare": lambda s: nest(s, "|| ", "", depth=DEPTH),
    "async": lambda s: nest(s, "async { PAD", " }.await", wrap=("async fn f{i}(x: u32) {{ let _ = ", "; }}\n")),
    "parens": lambda s: nest(s, "(", ")"),
    "casts": lambda s: fill(s, lambda i: "fn c%d(x: u32) -> u8 { x %s }\n" % (i, "as u8 " * 4000)),
    "unary": lambda s: nest(s, "!", "", core="a"),
    "neg": lambda s: nest(s, "- ", "", core="x"),
    "method-chain": lambda s: fill(s, lambda i: "fn c%d(m: &Mutex<Vec<u8>>) { let _ = m%s; }\n" % (i, ".lock().unwrap().len().max(1).min(2)" * 1000)),
    "lock-nest": lambda s: nest(s, "m.lock().unwrap().get(", ")", core="0", depth=2000, wrap=("fn f{i}(m: &Mutex<Vec<u8>>) {{ let _ = ", "; }}\n")),
    "match": lambda s: nest(s, "match x { 0 => { PAD", " } _ => 0 }", depth=DEPTH // 2),
    "if-else": lambda s: nest(s, "if a { PAD", " } else { 0 }"),
    "else-if": lambda s: fill(s, lambda i: "fn e%d(x: u32) -> u32 { %s { 0 } }\n" % (i, "".join(f"if x == {j} {{ {j} }} else " for j in range(2000)))),
    "macros": lambda s: nest(s, "vec![", "]", core="1", depth=5000),
    "types": lambda s: fill(s, lambda i: "type T%d = %su8%s;\n" % (i, "Vec<" * 5000, ">" * 5000)),
    "patterns": lambda s: fill(s, lambda i: "fn p%d(x: Option<u8>) { let %sx%s = 1; }\n" % (i, "(" * 5000, ")" * 5000)),
    "returns": lambda s: nest(s, "return ", "", core="()", depth=5000),
    # `loop { .. loop { .. 1; break; }; break; }` (the closer was ` break; }`, which left
    # `1 break;`: a syntax error at every size, so the shape measured only the parser)
    "loops": lambda s: nest(s, "loop { PAD", "; break; }"),
}


def main():
    args = sys.argv[1:]
    sizes, timeout, binary = [1, 2, 4, 8], 120, "target/release/racelint"
    shapes = []
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--timeout":
            timeout = float(args.pop(0))
        elif a == "--bin":
            binary = args.pop(0)
        else:
            shapes.append(a)
    shapes = shapes or list(SHAPES)
    print("| shape | " + " | ".join(f"{s} MB" for s in sizes) + " | ratio |")
    print("|---|" + "---|" * (len(sizes) + 1))
    with tempfile.TemporaryDirectory(prefix="racelint-scale-") as d:
        for shape in shapes:
            cells, times = [], []
            for s in sizes:
                path = os.path.join(d, f"{shape}.rs")
                with open(path, "w") as f:
                    f.write(SHAPES[shape](s * MB))
                t0 = time.monotonic()
                try:
                    p = subprocess.run([binary, "check", path, "--no-cache", "--format", "json"],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
                    dt = time.monotonic() - t0
                    note = "" if p.returncode in (0, 1) else f" exit {p.returncode}"
                    try:
                        if json.loads(p.stdout)["errors"]:
                            note += " (error)"
                    except ValueError:
                        note += " (no JSON)"
                    cells.append(f"{dt:.2f}{note}")
                    times.append(dt)
                except subprocess.TimeoutExpired:
                    cells.append(f">{timeout:.0f}")
                    times.append(None)
                os.remove(path)
            ratio = f"{times[-1] / times[0]:.1f}" if times[0] and times[-1] else "-"
            print(f"| {shape} | " + " | ".join(cells) + f" | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
