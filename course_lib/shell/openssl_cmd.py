"""`openssl` 3.0 as the CKA uses it: req (-x509, -new), genrsa, x509 (print, -req signing), verify, rsa, s_client.

Keys come from the lab's seeded RNG and dates from the lab's clock, so a notebook makes the same
certificates every run; files are the machine's own. Stdin is no terminal, so a new key that is to be
encrypted (no -nodes) needs -passout pass:..., as the real openssl run from a notebook does.
Texts and exit codes are those of OpenSSL 3.0.19.
"""
from __future__ import annotations

import posixpath
from typing import Any, Callable, Optional

from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization

from course_lib.http import tls, x509
from course_lib.result import CommandResult
from course_lib.shell import openssl_text as text
from course_lib.shell.registry import command

VERSION = "OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)"
ERR = "40E7B862227F0000"
NOFILE = (f"{ERR}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:"
          "../crypto/store/store_register.c:237:scheme=file\n"
          f"{ERR}:error:80000002:system library:file_open:No such file or directory:"
          "../providers/implementations/storemgmt/file_store.c:266:calling stat({path})\n")
NO_PASSPHRASE = (f"{ERR}:error:1400006B:UI routines:UI_process:processing error:../crypto/ui/ui_lib.c:573:while "
                 "reading strings\n"
                 f"{ERR}:error:0480006D:PEM routines:PEM_def_callback:problems getting password:"
                 "../crypto/pem/pem_lib.c:62:\n"
                 f"{ERR}:error:07880109:common libcrypto routines:do_ui_passphrase:interrupted or cancelled:"
                 "../crypto/passphrase.c:184:\n"
                 f"{ERR}:error:1C80009F:Provider routines:p8info_to_encp8:unable to get passphrase:"
                 "../providers/implementations/encode_decode/encode_key2any.c:115:\n")
SUBJ_FORMAT = ("req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where "
               "characters may be escaped by \\. This name is not in that format: '{subj}'\n")
PROMPT = ("-----\nYou are about to be asked to enter information that will be incorporated\n"
          "into your certificate request.\nWhat you are about to enter is what is called a Distinguished Name "
          "or a DN.\nThere are quite a few fields but you can leave some blank\nFor some fields there will be a "
          "default value,\nIf you enter '.', the field will be left blank.\n-----\n")
FIELDS = [("C", "Country Name (2 letter code)", "AU"), ("ST", "State or Province Name (full name)", "Some-State"),
          ("L", "Locality Name (eg, city)", ""), ("O", "Organization Name (eg, company)", "Internet Widgits Pty Ltd"),
          ("OU", "Organizational Unit Name (eg, section)", ""),
          ("CN", "Common Name (e.g. server FQDN or YOUR name)", ""),
          ("emailAddress", "Email Address", "")]
VALUE_OPTS = {"-out", "-in", "-keyout", "-key", "-newkey", "-days", "-subj", "-addext", "-CA", "-CAkey", "-CAserial",
              "-extfile", "-extensions", "-CAfile", "-connect", "-servername", "-config", "-set_serial", "-nameopt",
              "-certopt", "-ext", "-signkey", "-passout", "-passin", "-inform", "-outform"}


class Fail(Exception):
    def __init__(self, stderr: str, code: int = 1, stdout: str = "") -> None:
        super().__init__(stderr)
        self.stderr, self.code, self.stdout = stderr, code, stdout


def parse(argv: list[str], sub: str) -> tuple[dict[str, Any], list[str]]:
    """Options in order (repeatable ones collect), and the other words."""
    opts: dict[str, Any] = {"_order": []}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a.startswith("-") and len(a) > 1:
            if a in VALUE_OPTS:
                if i >= len(argv):
                    raise Fail(f"{sub}: Option {a} needs a value\n{sub}: Use -help for summary.\n")
                opts.setdefault(a, []).append(argv[i])
                i += 1
            else:
                opts[a] = True
            opts["_order"].append(a)
        else:
            rest.append(a)
    return opts, rest


def one(opts: dict[str, Any], name: str) -> Optional[str]:
    values = opts.get(name)
    return values[-1] if values else None


def read(ctx: Any, path: str, what: str) -> str:
    from course_lib.shell.fs import read_file
    try:
        return read_file(ctx, path)
    except Exception:  # noqa: BLE001 - a missing file is openssl's error text
        raise Fail(f"Could not open file or uri for loading {what} from {path}\n" + NOFILE.format(path=path))


def write(ctx: Any, path: Optional[str], data: str, out: list[str]) -> None:
    if path is None:
        out.append(data)
        return
    from course_lib.shell.fs import write_file
    try:
        write_file(ctx, path, data)
    except Exception as exc:  # noqa: BLE001
        raise Fail(f"Can't open \"{path}\" for writing, {getattr(exc, 'strerror', 'No such file or directory')}\n")


def load_cert(ctx: Any, path: Optional[str], stdin: str) -> x509.Cert:
    try:
        data = read(ctx, path, "certificate") if path else stdin
    except Fail as exc:
        raise Fail(exc.stderr + "Unable to load certificate\n") from None
    certs = x509.load_certs(data)
    if not certs:
        store = (f"{ERR}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:"
                 "../crypto/store/store_result.c:149:\n") if x509.pem_blocks(data) else ""
        raise Fail(f"Could not read certificate from {path or '<stdin>'}\n{store}Unable to load certificate\n")
    return certs[0]


def load_key(ctx: Any, path: str) -> Any:
    key = x509.load_key(read(ctx, path, "private key"))
    if key is None:
        raise Fail(f"Could not read private key from {path}\n")
    return key


def _days(opts: dict[str, Any], default: int = 30) -> int:
    value = one(opts, "-days")
    if value is None:
        return default
    if not value.lstrip("-").isdigit():
        raise Fail(f"req: Non-numeric value passed to option -days: '{value}'\n")
    return int(value)


def _subject(opts: dict[str, Any], stdin: str, err: list[str]) -> cx509.Name:
    subj = one(opts, "-subj")
    if subj is None:
        err.append(PROMPT)
        answers = stdin.splitlines()
        if not answers:
            err.append(f"{FIELDS[0][1]} [{FIELDS[0][2]}]:")
            raise Fail("".join(err) + "Error making certificate request\n")
        attrs = []
        for n, (short, label, default) in enumerate(FIELDS):
            err.append(f"{label} [{default}]:" if default else f"{label} []:")
            answer = answers[n] if n < len(answers) else ""
            value = "" if answer == "." else (answer or default)
            if value:
                attrs.append(cx509.NameAttribute(x509.BY_SHORT[short], value))
        err.append("\n")
        return cx509.Name(attrs)
    for part in subj.lstrip("/").split("/"):
        key = part.partition("=")[0]
        if part and key not in x509.BY_SHORT and "=" in part:
            err.append(f'req warning: Skipping unknown subject name attribute "{key}"\n')
    cleaned = "/" + "/".join(p for p in subj.lstrip("/").split("/") if p.partition("=")[0] in x509.BY_SHORT)
    name = x509.parse_subj(cleaned if subj.startswith("/") else subj)
    if name is None:
        raise Fail("".join(err) + SUBJ_FORMAT.format(subj=subj))
    return name


def _sans(opts: dict[str, Any]) -> Optional[list[cx509.GeneralName]]:
    sans = None
    for item in opts.get("-addext", []):
        parsed = x509.parse_san(item)
        if parsed is None:
            raise Fail("Error adding extensions defined via -addext\n")
        sans = (sans or []) + parsed
    return sans


def req(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, _ = parse(argv, "req")
    out: list[str] = []
    err: list[str] = []
    rng = ctx.machine.network.random()
    if one(opts, "-in"):
        csr = cx509.load_pem_x509_csr(read(ctx, one(opts, "-in"), "certificate request").encode())
        if opts.get("-text"):
            out.append(text.csr_text(csr))
        if opts.get("-subject"):
            out.append(f"subject={x509.openssl_name(csr.subject)}\n")
        if not opts.get("-noout"):
            write(ctx, one(opts, "-out"), csr.public_bytes(serialization.Encoding.PEM).decode(), out)
        return CommandResult("".join(out), "", 0)
    key_path = one(opts, "-key")
    if key_path:
        key = load_key(ctx, key_path)
    else:
        spec = one(opts, "-newkey") or "rsa:2048"
        bits = spec.partition(":")[2] or "2048"
        if not spec.startswith("rsa") or not bits.isdigit():
            raise Fail(f"Unknown algorithm {spec.partition(':')[0]}\nError making certificate request\n")
        if int(bits) > MAX_SIMULATED_BITS:
            raise Fail(f"req: the course's simulation makes RSA keys of at most {MAX_SIMULATED_BITS} bits\n")
        key, progress = x509.generate_rsa(int(bits), rng)
        err.append(progress + "\n")
        key_out = one(opts, "-keyout") or "privkey.pem"
        if not (opts.get("-nodes") or opts.get("-noenc")):
            password = one(opts, "-passout") or ""
            if not password.startswith("pass:"):     # no terminal to ask for a pass phrase on
                write(ctx, key_out, "", out)
                raise Fail("".join(err) + "Enter PEM pass phrase:\n" + NO_PASSPHRASE)
            write(ctx, key_out, x509.key_pem(key, password[5:]), out)
        else:
            write(ctx, key_out, x509.key_pem(key), out)
        err.append("-----\n")
    name = _subject(opts, stdin, err)
    sans = _sans(opts)
    if opts.get("-x509"):
        cert = x509.make_cert(name, key, _days(opts), tls.sim_now(ctx), rng, sans)
        pem = x509.cert_pem(cert)
        if opts.get("-text"):
            out.append(text.cert_text(cert))
    else:
        builder = cx509.CertificateSigningRequestBuilder().subject_name(name)
        if sans:
            builder = builder.add_extension(cx509.SubjectAlternativeName(sans), critical=False)
        pem = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()
    if not opts.get("-noout"):
        write(ctx, one(opts, "-out"), pem, out)
    return CommandResult("".join(out), "".join(err), 0)


MAX_SIMULATED_BITS = 4096                      # 8192 takes ~30 s of pure-Python prime search


def genrsa(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, rest = parse(argv, "genrsa")
    if rest and not rest[0].isdigit():
        return CommandResult("", f'genrsa: Can\'t parse "{rest[0]}" as a number\n', 1)
    bits = int(rest[0]) if rest else 2048
    if bits < 512:
        return CommandResult("", f"Error setting RSA length\n{ERR}:error:1C8000AB:Provider routines:rsa_gen_set_params:"
                             "key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n", 1)
    if bits > MAX_SIMULATED_BITS:                # real openssl grinds for minutes or hours: never freeze a notebook
        warning = ("Warning: It is not recommended to use more than 16384 bit for RSA keys.\n"
                   f"         Your key size is {bits}! Larger key size may behave not as expected.\n"
                   if bits > 16384 else "")
        return CommandResult("", warning + f"genrsa: the course's simulation makes RSA keys of at most "
                             f"{MAX_SIMULATED_BITS} bits\n", 1)
    key, _ = x509.generate_rsa(bits, ctx.machine.network.random())
    out: list[str] = []
    write(ctx, one(opts, "-out"), x509.key_pem(key), out)
    return CommandResult("".join(out), "", 0)


def _extfile(ctx: Any, opts: dict[str, Any]) -> list[cx509.GeneralName]:
    path = one(opts, "-extfile")
    if not path:
        return []
    sans: list[cx509.GeneralName] = []
    for line in read(ctx, path, "extensions").splitlines():
        parsed = x509.parse_san(line.replace(" ", "")) if line.strip().startswith("subjectAltName") else None
        sans += parsed or []
    return sans


def sign_request(ctx: Any, opts: dict[str, Any], stdin: str, err: list[str]) -> x509.Cert:
    """x509 -req -in CSR -CA CA -CAkey KEY [-CAcreateserial] [-days N] [-extfile F]."""
    path = one(opts, "-in")
    data = read(ctx, path, "certificate request") if path else stdin
    try:
        csr = cx509.load_pem_x509_csr(data.encode())
    except ValueError:
        raise Fail(f"Could not read certificate request from {path or '<stdin>'}\nUnable to load certificate request\n")
    err.append(f"Certificate request self-signature ok\nsubject={x509.openssl_name(csr.subject)}\n")
    rng = ctx.machine.network.random()
    ca_path, ca_key_path = one(opts, "-CA"), one(opts, "-CAkey")
    if ca_path:
        ca = load_cert(ctx, ca_path, stdin)
        ca_key = load_key(ctx, ca_key_path or ca_path)
        if ca_key.public_key().public_numbers() != ca.public_key().public_numbers():
            raise Fail("".join(err) + "CA certificate and CA private key do not match\n"
                       f"{ERR}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:"
                       "../crypto/x509/x509_cmp.c:403:\n")
        if opts.get("-CAcreateserial"):
            srl = posixpath.splitext(ca_path)[0] + ".srl"
            write(ctx, one(opts, "-CAserial") or srl, f"{rng.getrandbits(159):040X}\n", [])
        key = ca_key
    else:
        ca, key = None, load_key(ctx, one(opts, "-signkey") or "")
    return x509.make_cert(csr.subject, _PublicOnly(csr.public_key()), _days(opts), tls.sim_now(ctx), rng,
                          _extfile(ctx, opts) or None, issuer=ca, issuer_key=key, style="sign")


class _PublicOnly:
    """A CSR's public key where make_cert wants a key pair (it only reads the public half)."""

    def __init__(self, public: Any) -> None:
        self._public = public

    def public_key(self) -> Any:
        return self._public


PRINTS = {"-subject": "subject", "-issuer": "issuer", "-dates": "dates", "-startdate": "startdate",
          "-enddate": "enddate", "-serial": "serial", "-fingerprint": "fingerprint", "-modulus": "modulus",
          "-pubkey": "pubkey"}


def x509_cmd(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, _ = parse(argv, "x509")
    err: list[str] = []
    cert = sign_request(ctx, opts, stdin, err) if opts.get("-req") else load_cert(ctx, one(opts, "-in"), stdin)
    out: list[str] = []
    digest = "sha256" if opts.get("-sha256") else "sha1"
    for flag in opts["_order"]:
        if flag in PRINTS:
            out.append(text.field(cert, PRINTS[flag], digest))
        elif flag == "-text":
            out.append(text.cert_text(cert))
        elif flag == "-ext":
            o, e = text.ext_text(cert, ",".join(opts["-ext"]).split(","))
            out.append(o)
            err.append(e)
    if not opts.get("-noout"):
        write(ctx, one(opts, "-out"), x509.cert_pem(cert), out)
    return CommandResult("".join(out), "".join(err), 0)


def verify(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, files = parse(argv, "verify")
    trusted = x509.load_certs(read(ctx, one(opts, "-CAfile"), "CA file")) if one(opts, "-CAfile") else []
    untrusted = x509.load_certs(read(ctx, one(opts, "-untrusted"), "certificates")) if one(opts, "-untrusted") else []
    out, err, code = [], [], 0
    for path in files or ["stdin"]:
        cert = load_cert(ctx, None if path == "stdin" else path, stdin)
        result = x509.verify_chain([cert] + untrusted, trusted, tls.sim_now(ctx))
        if result == 0:
            out.append(f"{path}: OK\n")
        else:
            err.append(f"{x509.openssl_name(cert.subject)}\nerror {result} at 0 depth lookup: "
                       f"{x509.VERIFY_ERRORS[result]}\nerror {path}: verification failed\n")
            code = 2
    return CommandResult("".join(out), "".join(err), code)


def rsa_cmd(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    opts, _ = parse(argv, "rsa")
    key = load_key(ctx, one(opts, "-in") or "")
    out: list[str] = []
    if opts.get("-modulus"):
        out.append(f"Modulus={key.public_key().public_numbers().n:X}\n")
    if opts.get("-check"):
        out.append("RSA key ok\n")
    if not opts.get("-noout"):
        write(ctx, one(opts, "-out"), x509.key_pem(key), out)
    return CommandResult("".join(out), "", 0)


def version(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    return CommandResult(VERSION + "\n", "", 0)


def s_client(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.openssl_sclient import s_client as run
    return run(ctx, parse(argv, "s_client")[0], stdin)


SUBCOMMANDS: dict[str, Callable[[Any, list[str], str], CommandResult]] = {
    "req": req, "genrsa": genrsa, "x509": x509_cmd, "verify": verify, "rsa": rsa_cmd, "version": version,
    "s_client": s_client}


@command("openssl")
def openssl(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    if len(argv) < 2:
        return CommandResult("", "", 0)
    sub = SUBCOMMANDS.get(argv[1])
    if sub is None:
        return CommandResult("", f"Invalid command '{argv[1]}'; type \"help\" for a list.\n", 1)
    try:
        return sub(ctx, argv[2:], stdin)
    except Fail as exc:
        return CommandResult(exc.stdout, exc.stderr, exc.code)
