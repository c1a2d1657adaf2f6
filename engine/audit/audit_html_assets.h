#pragma once
// The stylesheet and the script of the HTML audit report, inlined into every report so that
// the file is self-contained: no external resource, no CDN, nothing fetched.
namespace vtune {

extern const char* const kAuditHtmlStyle;
// Reads the JSON in <script id="audit-data">, draws the host x rule matrix, the filters and
// the per-host plan. Every snapshot value reaches the page through textContent or a
// property, never as markup.
extern const char* const kAuditHtmlScript;

}  // namespace vtune
