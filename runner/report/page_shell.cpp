#include "report/page_shell.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>

#include "core/version.hpp"
#include "report/html_text.hpp"
#include "report/page_assets.hpp"
#include "results/run_metadata.hpp"

namespace tally::report {

namespace {

// CSP's hash source: base64 of the script's SHA-256.
std::string script_hash(const char* script) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(script), std::strlen(script),
         digest);
  unsigned char encoded[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
  EVP_EncodeBlock(encoded, digest, SHA256_DIGEST_LENGTH);
  return "sha256-" + std::string(reinterpret_cast<char*>(encoded));
}

}  // namespace

std::string render_page(const Page& page) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; script-src '" +
      script_hash(kPageScript) +
      "'\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<meta name=\"generator\" content=\"tally " +
      escape_html(tally_version()) + "\">\n<title>" + escape_html(page.title) +
      "</title>\n<style>" + kPageStyle + "</style></head>\n<body data-page=\"" +
      escape_html(page.kind) + "\">\n<h1>" + escape_html(page.title) +
      "</h1>\n<div class=\"sub\">written by tally " +
      escape_html(tally_version()) + " at " + escape_html(utc_now_iso8601()) +
      "</div>\n";
  html += page.body;
  html += "\n<div id=\"tip\"></div><div id=\"tally-status\"></div>\n";
  if (!page.data.is_null())
    html += "<script type=\"application/json\" id=\"tally-data\">" +
            json_for_script(page.data) + "</script>\n";
  html += "<script>" + std::string(kPageScript) + "</script>\n</body></html>\n";
  return html;
}

}  // namespace tally::report
