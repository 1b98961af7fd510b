// The escaping every report page relies on: HTML text and attributes, and
// JSON inside a <script> element.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/html_text.hpp"
#include "report/svg_charts.hpp"

namespace tally::report {
namespace {

TEST(ReportHtmlText, EscapesEveryCharacterThatCouldOpenMarkup) {
  EXPECT_EQ(
      escape_html("<script>alert('x')</script> & \"q\""),
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(escape_html("at::native::add<float>"),
            "at::native::add&lt;float&gt;");
}

TEST(ReportHtmlText, JsonCannotCloseItsScriptElement) {
  const nlohmann::json value = {
      {"label", "</script><script>alert(1)</script><!-- & \u2028\u2029"}};
  const std::string text = json_for_script(value);
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos) << text;
  // And it still reads back as the same value.
  EXPECT_EQ(nlohmann::json::parse(text), value);
}

TEST(ReportHtmlText, InvalidUtf8IsReplacedNotRefused) {
  const std::string text = json_for_script({{"tail", std::string("a\xFF"
                                                                 "b")}});
  EXPECT_NE(text.find("a\xEF\xBF\xBD"
                      "b"),
            std::string::npos)
      << text;
}

TEST(ReportHtmlText, NumbersAreGroupedOrRounded) {
  EXPECT_EQ(format_number(1234567), "1,234,567");
  EXPECT_EQ(format_number(-1000), "-1,000");
  EXPECT_EQ(format_number(0.123456), "0.1235");
}

TEST(ReportSvgCharts, ChartLabelsAreEscaped) {
  const std::string bars = svg_change_bars(
      {{"<b>cell</b> · m", 12.5, BarKind::kRegression, ""}}, 1.0);
  EXPECT_EQ(bars.find("<b>"), std::string::npos);
  EXPECT_NE(bars.find("&lt;b&gt;cell&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(bars.find("+12.50%"), std::string::npos);
  const std::string spark = svg_sparkline({3, 1, 2}, "<i>samples</i>");
  EXPECT_NE(spark.find("<title>&lt;i&gt;samples&lt;/i&gt;</title>"),
            std::string::npos);
  EXPECT_NE(spark.find("<polyline"), std::string::npos);
}

}  // namespace
}  // namespace tally::report
