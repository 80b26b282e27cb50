import { describe, expect, it } from 'vitest';
import { evalToString } from '../runtime/methods/eval-for-tests';
import { json } from './json';
import { math } from './math';
import { module, struct } from './struct';
import { time } from './time';
import type { Value } from '../runtime/value';

const env = new Map<string, Value>([
  ['json', json],
  ['math', math],
  ['time', time],
  ['struct', struct],
  ['module', module],
]);

// Each case: a Starlark expression and what go.starlark.net at Choreo's version prints for it
// (its repr, or "error: " and the message), recorded from the Go reference.
const cases: [string, string][] = [
  ['time.parse_duration("1h30m")', '1h30m0s'],
  ['time.parse_duration("1.5h")', '1h30m0s'],
  ['time.parse_duration("-1.5h")', '-1h30m0s'],
  ['time.parse_duration("+3s")', '3s'],
  ['time.parse_duration("0")', '0s'],
  ['time.parse_duration("-0")', '0s'],
  ['time.parse_duration("")', 'error: parse_duration: for parameter 1: time: invalid duration ""'],
  [
    'time.parse_duration("1")',
    'error: parse_duration: for parameter 1: time: missing unit in duration "1"',
  ],
  [
    'time.parse_duration("1x")',
    'error: parse_duration: for parameter 1: time: unknown unit "x" in duration "1x"',
  ],
  [
    'time.parse_duration(".s")',
    'error: parse_duration: for parameter 1: time: invalid duration ".s"',
  ],
  ['time.parse_duration("1.s")', '1s'],
  ['time.parse_duration(".5s")', '500ms'],
  ['time.parse_duration("1µs")', '1µs'],
  ['time.parse_duration("1μs")', '1µs'],
  ['time.parse_duration("1us2ns")', '1.002µs'],
  ['time.parse_duration("300ms")', '300ms'],
  ['time.parse_duration("2562047h47m16.854775807s")', '2562047h47m16.854775807s'],
  [
    'time.parse_duration("2562047h47m16.854775808s")',
    'error: parse_duration: for parameter 1: time: invalid duration "2562047h47m16.854775808s"',
  ],
  ['time.parse_duration("-2562047h47m16.854775808s")', '-2562047h47m16.854775808s'],
  ['time.parse_duration("9223372036854775807ns")', '2562047h47m16.854775807s'],
  [
    'time.parse_duration("9223372036854775808ns")',
    'error: parse_duration: for parameter 1: time: invalid duration "9223372036854775808ns"',
  ],
  ['time.parse_duration("1.0000000001s")', '1s'],
  ['time.parse_duration("0.1234567891234h")', '7m24.444440844s'],
  [
    'time.parse_duration("1é")',
    'error: parse_duration: for parameter 1: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"',
  ],
  [
    'time.parse_duration(1)',
    'error: parse_duration: for parameter 1: got int, want a duration, string, or int',
  ],
  ['time.parse_duration(time.second)', '1s'],
  ['time.parse_duration()', 'error: parse_duration: got 0 arguments, want 1'],
  ['str(time.parse_duration("1.5µs"))', '"1.5µs"'],
  ['str(time.parse_duration("1.5ms"))', '"1.5ms"'],
  ['str(time.parse_duration("999ns"))', '"999ns"'],
  ['str(time.parse_duration("61s"))', '"1m1s"'],
  ['str(time.parse_duration("3601.5s"))', '"1h0m1.5s"'],
  ['str(time.parse_duration("-3601.5s"))', '"-1h0m1.5s"'],
  ['str(time.parse_duration("100h"))', '"100h0m0s"'],
  ['str(time.parse_duration("-2562047h47m16.854775808s"))', '"-2562047h47m16.854775808s"'],
  ['time.second', '1s'],
  ['time.hour', '1h0m0s'],
  ['time.minute * 90', '1h30m0s'],
  ['90 * time.minute', '1h30m0s'],
  ['time.hour / time.minute', '60.0'],
  ['time.hour // time.minute', '60'],
  ['time.hour // (time.minute * 7)', '8'],
  ['time.hour / 7', '8m34.285714285s'],
  ['time.hour / 7.5', '8m0s'],
  ['7 / time.hour', 'error: unsupported operation'],
  ['2.0 / time.hour', '30m0s'],
  ['time.hour / 0', 'error: time.duration division by zero'],
  ['time.hour / 0.0', 'error: time.duration division by zero'],
  ['time.hour / time.parse_duration("0")', 'error: time.duration division by zero'],
  ['time.hour // time.parse_duration("0")', 'error: time.duration division by zero'],
  ['time.hour + time.minute', '1h1m0s'],
  ['time.hour - time.minute', '59m0s'],
  ['time.minute - time.hour', '-59m0s'],
  ['time.hour * 9223372036854775807', '-1h0m0s'],
  ['time.hour * 9223372036854775808', 'error: int value out of range (want signed 64-bit value)'],
  ['time.hour / 9223372036854775808', 'error: int value out of range (want signed 64-bit value)'],
  ['time.hour * 1.5', 'error: unknown binary op: time.duration * float'],
  ['time.hour + 1', 'error: unknown binary op: time.duration + int'],
  ['-time.hour', 'error: unknown unary op: - time.duration'],
  ['time.hour < time.minute', 'False'],
  ['time.hour > time.minute', 'True'],
  ['time.hour == time.parse_duration("60m")', 'True'],
  ['{time.hour: 1}[time.parse_duration("60m")]', '1'],
  ['bool(time.parse_duration("0s"))', 'False'],
  ['bool(time.second)', 'True'],
  ['time.parse_duration("1h30m").hours', '1.5'],
  ['time.parse_duration("1h30m").minutes', '90.0'],
  ['time.parse_duration("1h30m").seconds', '5400.0'],
  ['time.parse_duration("1h30m").milliseconds', '5400000'],
  ['time.parse_duration("1h30m").microseconds', '5400000000'],
  ['time.parse_duration("1h30m").nanoseconds', '5400000000000'],
  ['time.parse_duration("-1.5ms").milliseconds', '-1'],
  ['time.parse_duration("-1.5ms").seconds', '-0.0015'],
  ['time.second.nope', 'error: unrecognized time.duration attribute "nope"'],
  ['hasattr(time.second, "hours")', 'True'],
  ['hasattr(time.second, "nope")', 'False'],
  [
    'dir(time.second)',
    '["hours", "microseconds", "milliseconds", "minutes", "nanoseconds", "seconds"]',
  ],
  ['type(time.second)', '"time.duration"'],
  [
    'dir(time)',
    '["from_timestamp", "hour", "is_valid_timezone", "microsecond", "millisecond", "minute", "nanosecond", "now", "parse_duration", "parse_time", "second", "time"]',
  ],
  ['time', '<module "time">'],
  ['time.parse_time("2020-06-26T17:38:36Z")', '2020-06-26 17:38:36 +0000 UTC'],
  ['time.parse_time("2020-06-26T17:38:36.123456789Z")', '2020-06-26 17:38:36.123456789 +0000 UTC'],
  ['time.parse_time("2020-06-26T17:38:36.5+02:00")', '2020-06-26 17:38:36.5 +0200 +0200'],
  ['time.parse_time("2020-06-26T17:38:36-07:30")', '2020-06-26 17:38:36 -0730 -0730'],
  ['time.parse_time("2020-06-26T17:38:36,5Z")', '2020-06-26 17:38:36.5 +0000 UTC'],
  [
    'time.parse_time("2020-06-26 17:38:36")',
    'error: parsing time "2020-06-26 17:38:36" as "2006-01-02T15:04:05Z07:00": cannot parse " 17:38:36" as "T"',
  ],
  [
    'time.parse_time("2020-13-26T17:38:36Z")',
    'error: parsing time "2020-13-26T17:38:36Z": month out of range',
  ],
  [
    'time.parse_time("2020-02-30T17:38:36Z")',
    'error: parsing time "2020-02-30T17:38:36Z": day out of range',
  ],
  [
    'time.parse_time("2020-06-26T24:38:36Z")',
    'error: parsing time "2020-06-26T24:38:36Z": hour out of range',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36Zjunk")',
    'error: parsing time "2020-06-26T17:38:36Zjunk": extra text: "junk"',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36.123456789", format="2006-01-02T15:04:05.999999999")',
    '2020-06-26 17:38:36.123456789 +0000 UTC',
  ],
  [
    'time.parse_time("2020-06-26", format="2006-01-02", location="US/Eastern")',
    '2020-06-26 00:00:00 -0400 EDT',
  ],
  [
    'time.parse_time("2020-06-26", format="2006-01-02", location="Nowhere/Land")',
    'error: unknown time zone Nowhere/Land',
  ],
  [
    'time.parse_time("26 Jun 20 17:38 PDT", format="02 Jan 06 15:04 MST")',
    '2020-06-26 17:38:00 +0000 PDT',
  ],
  [
    'time.parse_time("26 Jun 20 17:38 +0100", format="02 Jan 06 15:04 -0700")',
    '2020-06-26 17:38:00 +0100 +0100',
  ],
  [
    'time.parse_time("Friday, 26-Jun-20 17:38:36 UTC", format="Monday, 02-Jan-06 15:04:05 MST")',
    '2020-06-26 17:38:36 +0000 UTC',
  ],
  [
    'time.parse_time("Fri Jun 26 5:38:36 PM 2020", format="Mon Jan _2 3:04:05 PM 2006")',
    '2020-06-26 17:38:36 +0000 UTC',
  ],
  [
    'time.parse_time("Fri Jun 26 5:38:36 pm 2020", format="Mon Jan _2 3:04:05 pm 2006")',
    '2020-06-26 17:38:36 +0000 UTC',
  ],
  ['time.parse_time("june 26 2020", format="January 2 2006")', '2020-06-26 00:00:00 +0000 UTC'],
  [
    'time.parse_time("Juny 26 2020", format="January 2 2006")',
    'error: parsing time "Juny 26 2020" as "January 2 2006": cannot parse "Juny 26 2020" as "January"',
  ],
  ['time.parse_time("2020 177", format="2006 002")', '2020-06-25 00:00:00 +0000 UTC'],
  ['time.parse_time("2020 366", format="2006 002")', '2020-12-31 00:00:00 +0000 UTC'],
  [
    'time.parse_time("2021 366", format="2006 __2")',
    'error: parsing time "2021 366": day-of-year out of range',
  ],
  ['time.parse_time("2020 60", format="2006 __2")', '2020-02-29 00:00:00 +0000 UTC'],
  ['time.parse_time("12:00:00 AM", format="03:04:05 PM")', '0000-01-01 00:00:00 +0000 UTC'],
  ['time.parse_time("12:00:00 PM", format="03:04:05 PM")', '0000-01-01 12:00:00 +0000 UTC'],
  [
    'time.parse_time("13:00:00 PM", format="03:04:05 PM")',
    'error: parsing time "13:00:00 PM": hour out of range',
  ],
  ['time.parse_time("1:2:3", format="15:4:5")', '0000-01-01 01:02:03 +0000 UTC'],
  ['time.parse_time("01:02:03.123", format="15:04:05.000")', '0000-01-01 01:02:03.123 +0000 UTC'],
  [
    'time.parse_time("01:02:03.12", format="15:04:05.000")',
    'error: parsing time "01:02:03.12" as "15:04:05.000": cannot parse ".12" as ".000"',
  ],
  [
    'time.parse_time("01:02:03,123456", format="15:04:05,999999")',
    '0000-01-01 01:02:03.123456 +0000 UTC',
  ],
  [
    'time.parse_time("01:02:03.987654321", format="15:04:05")',
    '0000-01-01 01:02:03.987654321 +0000 UTC',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36+25:00")',
    'error: parsing time "2020-06-26T17:38:36+25:00": time zone offset hour out of range',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36 CEST", format="2006-01-02T15:04:05 MST")',
    '2020-06-26 17:38:36 +0000 CEST',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36 GMT+3", format="2006-01-02T15:04:05 MST")',
    '2020-06-26 20:38:36 +0300 GMT+3',
  ],
  ['time.parse_time("10:00 +03", format="15:04 -07")', '0000-01-01 10:00:00 +0300 +0300'],
  ['time.parse_time("10:00 Z", format="15:04 Z07")', '0000-01-01 10:00:00 +0000 UTC'],
  ['time.parse_time("10:00 +0530", format="15:04 Z0700")', '0000-01-01 10:00:00 +0530 +0530'],
  [
    'time.parse_time("10:00 +05:30:15", format="15:04 Z07:00:00")',
    '0000-01-01 10:00:00 +0530 +0530',
  ],
  [
    'time.parse_time("x")',
    'error: parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"',
  ],
  [
    'time.parse_time("")',
    'error: parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"',
  ],
  ['time.parse_time(1)', 'error: parse_time: for parameter x: got int, want string'],
  [
    'time.parse_time("x", formatt="y")',
    'error: parse_time: unexpected keyword argument "formatt" (did you mean format?)',
  ],
  [
    'time.parse_time("2020-06-26T17:38:36Z", "2006-01-02T15:04:05Z07:00", "UTC")',
    '2020-06-26 17:38:36 +0000 UTC',
  ],
  ['time.from_timestamp(0)', '1970-01-01 00:00:00 +0000 UTC'],
  ['time.from_timestamp(1593193116, 123456789)', '2020-06-26 17:38:36.123456789 +0000 UTC'],
  ['time.from_timestamp(-1)', '1969-12-31 23:59:59 +0000 UTC'],
  ['time.from_timestamp(0, -1)', '1969-12-31 23:59:59.999999999 +0000 UTC'],
  ['time.from_timestamp(0, 2000000000)', '1970-01-01 00:00:02 +0000 UTC'],
  ['time.from_timestamp("x")', 'error: from_timestamp: for parameter 1: got string, want int'],
  ['time.from_timestamp(1.5)', 'error: from_timestamp: for parameter 1: got float, want int'],
  [
    'time.time(year=2009, month=6, day=12, hour=12, minute=6, second=10, nanosecond=99, location="US/Eastern")',
    '2009-06-12 12:06:10.000000099 -0400 EDT',
  ],
  [
    'time.time(year=2009, month=11, day=10, hour=23, location="Europe/Paris")',
    '2009-11-10 23:00:00 +0100 CET',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Europe/Paris")',
    '2009-07-10 23:00:00 +0200 CEST',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Asia/Tokyo")',
    '2009-07-10 23:00:00 +0900 JST',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Asia/Kolkata")',
    '2009-07-10 23:00:00 +0530 IST',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Asia/Dubai")',
    '2009-07-10 23:00:00 +0400 +04',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="America/Sao_Paulo")',
    '2009-07-10 23:00:00 -0300 -03',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Australia/Sydney")',
    '2009-07-10 23:00:00 +1000 AEST',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Europe/London")',
    '2009-07-10 23:00:00 +0100 BST',
  ],
  [
    'time.time(year=2009, month=12, day=10, hour=23, location="Europe/London")',
    '2009-12-10 23:00:00 +0000 GMT',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Asia/Shanghai")',
    '2009-07-10 23:00:00 +0800 CST',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="Etc/GMT+5")',
    '2009-07-10 23:00:00 -0500 -05',
  ],
  [
    'time.time(year=2009, month=7, day=10, hour=23, location="America/Los_Angeles")',
    '2009-07-10 23:00:00 -0700 PDT',
  ],
  [
    'time.time(year=1850, month=7, day=10, hour=23, location="America/New_York")',
    '1850-07-10 23:00:00 -0456 LMT',
  ],
  [
    'time.time(year=2021, month=3, day=14, hour=2, minute=30, location="America/New_York")',
    '2021-03-14 01:30:00 -0500 EST',
  ],
  [
    'time.time(year=2021, month=11, day=7, hour=1, minute=30, location="America/New_York")',
    '2021-11-07 01:30:00 -0400 EDT',
  ],
  ['time.time()', '-0001-11-30 00:00:00 +0000 UTC'],
  ['time.time(year=2012, month=12, day=31)', '2012-12-31 00:00:00 +0000 UTC'],
  [
    'time.time(year=2012, month=13, day=32, hour=25, minute=61, second=61, nanosecond=1000000001)',
    '2013-02-02 02:02:02.000000001 +0000 UTC',
  ],
  ['time.time(year=2012, month=0, day=0, hour=-1)', '2011-11-29 23:00:00 +0000 UTC'],
  ['time.time(year=-5, month=1, day=1)', '-0005-01-01 00:00:00 +0000 UTC'],
  ['time.time(year=12345, month=1, day=1)', '12345-01-01 00:00:00 +0000 UTC'],
  ['time.time(2009)', 'error: time: unexpected positional arguments'],
  ['time.time(year="x")', 'error: time: for parameter "year": got string, want int'],
  ['time.time(yeer=1)', 'error: time: unexpected keyword argument "yeer" (did you mean year?)'],
  ['time.time(location="nope")', 'error: unknown time zone nope'],
  ['time.time(location="utc")', 'error: unknown time zone utc'],
  ['time.time(location="../etc")', 'error: time: invalid location name'],
  ['time.time(location="/x")', 'error: time: invalid location name'],
  ['time.time(location="Local")', '-0001-11-30 00:00:00 +0000 UTC'],
  ['time.is_valid_timezone("UTC")', 'True'],
  ['time.is_valid_timezone("US/Eastern")', 'True'],
  ['time.is_valid_timezone("UKN")', 'False'],
  ['time.is_valid_timezone("")', 'True'],
  ['time.is_valid_timezone("Local")', 'True'],
  ['time.is_valid_timezone("utc")', 'False'],
  ['time.is_valid_timezone(1)', 'error: is_valid_timezone: for parameter 1: got int, want string'],
  [
    'time.parse_time("2000-01-02T03:04:05Z").in_location("US/Eastern")',
    '2000-01-01 22:04:05 -0500 EST',
  ],
  [
    'time.parse_time("2000-01-02T03:04:05Z").in_location("US/Eastern").format("3 04 PM")',
    '"10 04 PM"',
  ],
  ['time.parse_time("2000-01-02T03:04:05Z").in_location("nope")', 'error: unknown time zone nope'],
  [
    'time.parse_time("2000-01-02T03:04:05Z").in_location()',
    'error: in_location: got 0 arguments, want 1',
  ],
  [
    'time.parse_time("2000-01-02T03:04:05.123Z").format("2006-01-02T15:04:05.000000Z07:00 MST Mon Monday Jan January 1 01 2 02 _2 __2 002 15 3 03 4 04 5 05 PM pm -0700 -07:00 -07 -070000 -07:00:00 Z0700 Z07 Z070000 Z07:00:00 .9 .999 ,000 06")',
    '"2000-01-02T03:04:05.123000Z UTC Sun Sunday Jan January 1 01 2 02  2   2 002 03 3 03 4 04 5 05 AM am +0000 +00:00 +00 +000000 +00:00:00 Z Z Z Z .1 .123 ,123 00"',
  ],
  ['time.parse_time("2000-12-31T23:04:05Z").format("002 __2 Jan")', '"366 366 Dec"'],
  [
    'time.parse_time("2000-01-02T03:04:05+05:30").format("Z07:00 -0700 MST")',
    '"+05:30 +0530 +0530"',
  ],
  [
    'time.parse_time("2000-01-02T03:04:05Z").format("Janet Monk Mo 1 5 2 _ 2006_2006 _2006")',
    '"Janet Monk Mo 1 5 2 _ 2000_2000 _2000"',
  ],
  [
    'time.parse_time("2000-01-02T03:04:05Z").format(1)',
    'error: format: for parameter 1: got int, want string',
  ],
  ['time.parse_time("2000-01-02T03:04:05Z").format()', 'error: format: got 0 arguments, want 1'],
  ['time.parse_time("2000-01-02T03:04:05Z").year', '2000'],
  ['time.parse_time("2000-01-02T03:04:05Z").month', '1'],
  ['time.parse_time("2000-01-02T03:04:05Z").day', '2'],
  ['time.parse_time("2000-01-02T03:04:05Z").hour', '3'],
  ['time.parse_time("2000-01-02T03:04:05Z").minute', '4'],
  ['time.parse_time("2000-01-02T03:04:05Z").second', '5'],
  ['time.parse_time("2000-01-02T03:04:05.5Z").nanosecond', '500000000'],
  ['time.parse_time("2000-01-02T03:04:05Z").unix', '946782245'],
  ['time.parse_time("2000-01-02T03:04:05.5Z").unix_nano', '946782245500000000'],
  ['time.parse_time("2000-01-02T03:04:05Z").nope', 'error: time.time has no .nope field or method'],
  [
    'dir(time.parse_time("2000-01-02T03:04:05Z"))',
    '["day", "format", "hour", "in_location", "minute", "month", "nanosecond", "second", "unix", "unix_nano", "year"]',
  ],
  ['type(time.parse_time("2000-01-02T03:04:05Z"))', '"time.time"'],
  ['bool(time.parse_time("0001-01-01T00:00:00Z"))', 'False'],
  ['bool(time.parse_time("0001-01-01T00:00:00+01:00"))', 'True'],
  ['bool(time.time())', 'True'],
  ['time.parse_time("2000-01-02T03:04:05Z") + time.hour', '2000-01-02 04:04:05 +0000 UTC'],
  ['time.hour + time.parse_time("2000-01-02T03:04:05Z")', '2000-01-02 04:04:05 +0000 UTC'],
  ['time.parse_time("2000-01-02T03:04:05Z") - time.hour', '2000-01-02 02:04:05 +0000 UTC'],
  ['time.parse_time("2000-01-02T03:04:05Z") - time.parse_time("2000-01-01T03:04:05Z")', '24h0m0s'],
  [
    'time.parse_time("2000-01-02T03:04:05Z") - time.parse_time("1000-01-01T03:04:05Z")',
    '2562047h47m16.854775807s',
  ],
  ['time.parse_time("2000-01-02T03:04:05Z") + 1', 'error: unknown binary op: time.time + int'],
  [
    'time.parse_time("2000-01-02T03:04:05Z") == time.parse_time("2000-01-01T22:04:05-05:00")',
    'True',
  ],
  ['time.parse_time("2000-01-02T03:04:05Z") < time.parse_time("2000-01-02T03:04:06Z")', 'True'],
  [
    '{time.parse_time("2000-01-02T03:04:05Z"): 1}[time.parse_time("2000-01-01T22:04:05-05:00")]',
    '1',
  ],
  ['time.parse_time("2000-01-02T03:04:05Z") == time.hour', 'False'],
  [
    'time.parse_time("2000-01-02T03:04:05Z") < time.hour',
    'error: time.time < time.duration not implemented',
  ],
  ['time.now() > time.parse_time("2021-03-20T00:00:00Z")', 'True'],
  ['type(time.now())', '"time.time"'],
  ['type(time.now(1, x=2))', '"time.time"'],
];

describe('', () => {
  it.each(cases)('%s', (expr, want) => {
    expect(evalToString(expr, env)).toBe(want);
  });
});
