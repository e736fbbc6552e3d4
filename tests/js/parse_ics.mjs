// Reads one iCalendar feed on stdin, parses it with Mozilla's ical.js and prints JSON.
// Every DATE-TIME is resolved through the VTIMEZONE components of the feed itself (as a
// calendar client would) and printed as a UTC instant; a TZID the feed does not define
// is an error, because Outlook drops such times.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function utcInstant(property, problems, uid) {
  if (!property) return null;
  const time = property.getFirstValue();
  const tzid = property.getParameter("tzid");
  if (time.isDate) return { utc: null, date: time.toString(), tzid: tzid ?? null };
  const zone = time.zone ? time.zone.tzid : null;
  if (tzid && zone !== tzid) problems.push(`${uid}: ${property.name.toUpperCase()} TZID ${tzid} has no VTIMEZONE`);
  if (!tzid && zone !== "UTC") problems.push(`${uid}: ${property.name.toUpperCase()} is a floating time`);
  const instant = new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
  return { utc: instant, local: time.toString(), tzid: tzid ?? null };
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

// RFC 7986 NAME and X- properties (RFC 5545 3.8.8.2) are TEXT: unescape them like a client does.
for (const name of ["name", "x-wr-calname", "x-wr-caldesc", "x-wr-timezone"]) {
  ICAL.design.icalendar.property[name] = { defaultType: "text" };
}

const source = await readStdin();
const problems = [];
const calendar = new ICAL.Component(ICAL.parse(source));
const timezones = calendar.getAllSubcomponents("vtimezone").map((zone) => {
  const observances = [...zone.getAllSubcomponents("standard"), ...zone.getAllSubcomponents("daylight")];
  return { tzid: zone.getFirstPropertyValue("tzid"), observances: observances.length };
});
const refresh = calendar.getFirstProperty("refresh-interval");
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const uid = text(vevent, "uid");
  const event = new ICAL.Event(vevent);
  const geo = vevent.getFirstPropertyValue("geo");
  const start = utcInstant(vevent.getFirstProperty("dtstart"), problems, uid);
  const end = utcInstant(vevent.getFirstProperty("dtend"), problems, uid);
  return {
    uid,
    sequence: event.sequence,
    status: text(vevent, "status"),
    summary: event.summary ?? null,
    description: event.description ?? null,
    location: event.location ?? null,
    geo: geo ? geo.map(Number) : null,
    start: start && start.utc,
    end: end && end.utc,
    start_tzid: start && start.tzid,
    end_tzid: end && end.tzid,
    start_local: start && start.local,
    end_local: end && end.local,
    // Through ICAL.Event as well: what a client that uses the high-level API shows.
    event_start: new Date(event.startDate.toUnixTime() * 1000).toISOString().replace(".000Z", "Z"),
    event_end: new Date(event.endDate.toUnixTime() * 1000).toISOString().replace(".000Z", "Z"),
    dtstamp: (utcInstant(vevent.getFirstProperty("dtstamp"), problems, uid) || {}).utc ?? null,
    last_modified: (utcInstant(vevent.getFirstProperty("last-modified"), problems, uid) || {}).utc ?? null,
  };
});

process.stdout.write(JSON.stringify({
  prodid: text(calendar, "prodid"),
  version: text(calendar, "version"),
  method: text(calendar, "method"),
  name: text(calendar, "x-wr-calname"),
  refresh_interval: refresh ? { value: String(refresh.getFirstValue()), type: refresh.type } : null,
  published_ttl: text(calendar, "x-published-ttl"),
  timezones,
  events,
  problems,
}, null, 1) + "\n");
process.exitCode = problems.length ? 2 : 0;
