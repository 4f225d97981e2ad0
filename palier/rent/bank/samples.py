"""Write CODA 2.6 and camt.053 files, for the tests' sample statements and the import bench.

`Movement` describes a line as a bank would book it; `coda_file` and `camt053_file` lay it out in
each format, with balances that add up, so a file made here is one a bank could have sent."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

LANDLORD_IBAN = "BE68539007547034"
LANDLORD_BIC = "GKCCBEBB"
LANDLORD_NAME = "Logement Bruxellois SCRL"
CAMT_VERSIONS = ("02", "03", "04", "05", "06", "07", "08")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Movement:
    amount: Decimal
    booked_on: dt.date
    name: str = ""
    iban: str = ""
    ogm: str = ""           # 12 digits
    text: str = ""          # free communication
    reference: str = ""     # the bank's entry reference
    end_to_end: str = ""
    r_type: str = ""        # CODA R-transaction type: 1 reject, 2 return, 3 refund...
    r_reason: str = ""      # ISO reason code, e.g. AM04
    code: str = ""          # CODA transaction code (8 digits)
    # CODA: a grouped (globalised) amount and its details, e.g. a welfare office paying the rent of
    # several households in one transfer, each detail with its household's communication.
    details: list["Movement"] = field(default_factory=list)


def _cents(amount: Decimal, width: int = 15) -> str:
    return f"{int(abs(Decimal(amount)) * 1000):0{width}d}"


def _sign(amount: Decimal) -> str:
    return "1" if Decimal(amount) < 0 else "0"


def _d(day: dt.date) -> str:
    return day.strftime("%d%m%y")


def _fit(text: str, width: int) -> str:
    return (text or "")[:width].ljust(width)


def coda_file(*, number: int, opening: Decimal, opening_date: dt.date, closing_date: dt.date,
              movements: list[Movement], account: str = LANDLORD_IBAN, created: dt.date | None = None) -> bytes:
    created = created or closing_date
    closing = Decimal(opening) + sum((Decimal(m.amount) for m in movements), Decimal(0))
    acc = _fit(account, 31) + "   " + "EUR"
    records = [
        "0" + "0000" + _d(created) + "539" + "05" + " " + " " * 7 + _fit(f"{number:010d}", 10)
        + _fit(LANDLORD_NAME, 26) + _fit(LANDLORD_BIC, 11) + _fit("0403123456", 11) + " " + "00000"
        + " " * 16 + " " * 16 + " " * 7 + "2",
        "1" + "2" + f"{number % 1000:03d}" + acc + _sign(opening) + _cents(opening) + _d(opening_date)
        + _fit(LANDLORD_NAME, 26) + _fit("Compte loyers", 35) + f"{number % 1000:03d}",
    ]
    debit = credit = Decimal(0)
    for seq, m in enumerate(movements, start=1):
        amount = Decimal(m.amount)
        if amount < 0:
            debit -= amount
        else:
            credit += amount
        if m.details:
            records.extend(_coda_movement(m, number, seq, 0, m.code or "10150000", glob="1"))
            for detail_number, detail in enumerate(m.details, start=1):
                records.extend(_coda_movement(detail, number, seq, detail_number, detail.code or "50150000"))
        else:
            records.extend(_coda_movement(m, number, seq, 0, m.code or ("00503000" if m.r_type else "00150000")))
    records.append("8" + f"{number % 1000:03d}" + acc + _sign(closing) + _cents(closing) + _d(closing_date)
                   + " " * 64 + "0")
    count = len(records) - 1  # records 1, 2x and 8
    records.append("9" + " " * 15 + f"{count:06d}" + _cents(debit) + _cents(credit) + " " * 75 + "2")
    if any(len(r) != 128 for r in records):
        raise ValueError(f"CODA records must have 128 characters: {[len(r) for r in records]}")
    return ("\r\n".join(records) + "\r\n").encode("windows-1252")


def _coda_movement(m: Movement, number: int, seq: int, detail: int, code: str, glob: str = "0") -> list[str]:
    """Records 21, 22 and 23 of one movement (detail 0) or of one detail of a grouped movement."""
    amount = Decimal(m.amount)
    comm = ("1" + "101" + m.ogm).ljust(54) if m.ogm else "0" + _fit(m.text, 53)
    key = f"{seq:04d}{detail:04d}"
    return [
        "21" + key + _fit(m.reference or f"BKREF{number:04d}{seq:05d}", 21) + _sign(amount)
        + _cents(amount) + _d(m.booked_on) + code + comm + _d(m.booked_on) + f"{number % 1000:03d}" + glob + "1"
        + " " + "0",
        "22" + key + " " * 53 + _fit(m.end_to_end, 35) + _fit("GEBABEBB" if m.iban else "", 11)
        + "   " + _fit(m.r_type, 1) + _fit(m.r_reason, 4) + " " * 4 + " " * 4 + "1" + " " + "0",
        "23" + key + _fit(m.iban, 34) + "   " + _fit(m.name, 35) + " " * 43 + "0" + " " + "0",
    ]


def _camt_party(tag: str, name: str, iban: str, version: str) -> str:
    if not (name or iban):
        return ""
    nm = f"<Pty><Nm>{escape(name)}</Nm></Pty>" if version == "08" else f"<Nm>{escape(name)}</Nm>"
    account = f"<{tag}Acct><Id><IBAN>{iban}</IBAN></Id></{tag}Acct>" if iban else ""
    return f"<{tag}>{nm}</{tag}>{account}"


def _camt_transaction(m: Movement, version: str) -> str:
    amount = Decimal(m.amount)
    indicator = "DBIT" if amount < 0 else "CRDT"
    other = "Dbtr" if amount >= 0 or m.r_reason else "Cdtr"
    parties = _camt_party(other, m.name, m.iban, version)
    if m.ogm:
        remittance = ("<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>"
                      f"<Ref>{m.ogm}</Ref></CdtrRefInf></Strd></RmtInf>")
    elif m.text:
        remittance = f"<RmtInf><Ustrd>{escape(m.text)}</Ustrd></RmtInf>"
    else:
        remittance = ""
    returned = f"<RtrInf><Rsn><Cd>{m.r_reason}</Cd></Rsn></RtrInf>" if m.r_reason else ""
    amt = f'<Amt Ccy="EUR">{abs(amount):.2f}</Amt>'
    tx_amount = amt if version != "02" else f"<AmtDtls><TxAmt>{amt}</TxAmt></AmtDtls>"
    return (f"<TxDtls><Refs><EndToEndId>{escape(m.end_to_end or 'NOTPROVIDED')}</EndToEndId></Refs>"
            f"{tx_amount}<CdtDbtInd>{indicator}</CdtDbtInd>"
            f"<RltdPties>{parties}</RltdPties>{remittance}{returned}</TxDtls>")


def _camt_entry(m: Movement, version: str, index: int) -> str:
    """A booked entry; a movement with details is a batch booking, one transaction per detail."""
    amount = Decimal(m.amount)
    indicator = "DBIT" if amount < 0 else "CRDT"
    status = "<Sts><Cd>BOOK</Cd></Sts>" if version == "08" else "<Sts>BOOK</Sts>"
    family = ("PMNT", "RDDT", "UPDD") if m.r_reason else (("PMNT", "RCDT", "ESCT") if amount >= 0
                                                          else ("PMNT", "ICDT", "ESCT"))
    reference = f"<AcctSvcrRef>{escape(m.reference)}</AcctSvcrRef>" if m.reference else ""
    amt = f'<Amt Ccy="EUR">{abs(amount):.2f}</Amt>'
    batch = (f"<Btch><NbOfTxs>{len(m.details)}</NbOfTxs></Btch>" if m.details else "")
    transactions = "\n".join(_camt_transaction(d, version) for d in (m.details or [m]))
    return (
        f"<Ntry><NtryRef>{index}</NtryRef>{amt}<CdtDbtInd>{indicator}</CdtDbtInd>{status}"
        f"<BookgDt><Dt>{m.booked_on.isoformat()}</Dt></BookgDt><ValDt><Dt>{m.booked_on.isoformat()}</Dt></ValDt>"
        f"{reference}<BkTxCd><Domn><Cd>{family[0]}</Cd><Fmly><Cd>{family[1]}</Cd>"
        f"<SubFmlyCd>{family[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>"
        f"<NtryDtls>{batch}{transactions}</NtryDtls></Ntry>\n"
    )


def _balance(code: str, amount: Decimal, day: dt.date) -> str:
    indicator = "DBIT" if amount < 0 else "CRDT"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{abs(amount):.2f}</Amt>"
            f"<CdtDbtInd>{indicator}</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>\n")


def camt053_statement(*, number: int, opening: Decimal, opening_date: dt.date, closing_date: dt.date,
                      movements: list[Movement], account: str = LANDLORD_IBAN, version: str = "02") -> str:
    closing = Decimal(opening) + sum((Decimal(m.amount) for m in movements), Decimal(0))
    entries = "".join(_camt_entry(m, version, i) for i, m in enumerate(movements, start=1))
    return (
        f"<Stmt><Id>STMT-{closing_date:%Y}-{number:05d}</Id><ElctrncSeqNb>{number}</ElctrncSeqNb>"
        f"<LglSeqNb>{number}</LglSeqNb><CreDtTm>{closing_date.isoformat()}T18:00:00</CreDtTm>\n"
        f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>{escape(LANDLORD_NAME)}</Nm></Ownr>"
        f"<Svcr><FinInstnId><BIC{'FI' if version == '08' else ''}>{LANDLORD_BIC}</BIC{'FI' if version == '08' else ''}>"
        f"</FinInstnId></Svcr></Acct>\n"
        + _balance("OPBD", Decimal(opening), opening_date) + _balance("CLBD", closing, closing_date)
        + entries + "</Stmt>\n"
    )


def camt053_file(statements: list[str], *, version: str = "02", created: dt.date = dt.date(2026, 11, 30)) -> bytes:
    namespace = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"<BkToCstmrStmt><GrpHdr><MsgId>MSG-{created:%Y%m%d}</MsgId>"
        f"<CreDtTm>{created.isoformat()}T18:00:00</CreDtTm></GrpHdr>\n"
        + "".join(statements) + "</BkToCstmrStmt>\n</Document>\n"
    ).encode()
