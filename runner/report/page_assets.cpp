#include "report/page_assets.hpp"

namespace tally::report {

const char* const kPageStyle = R"CSS(
body{font:13px/1.4 system-ui,sans-serif;margin:16px 24px;color:#1d2330;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px}
.sub{color:#5a6272;margin-bottom:12px}
.notice{border:1px solid #d9a400;background:#fff7d6;padding:8px 12px;margin:10px 0;font-size:14px}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);gap:2px 14px;margin:8px 0}
.meta dt{color:#5a6272}.meta dd{margin:0;word-break:break-all}
.badges span{display:inline-block;padding:3px 10px;margin:0 6px 6px 0;border-radius:10px;background:#eef0f4}
.s-ok{background:#d8f3dc!important}.s-failed,.s-crashed,.s-timeout{background:#ffd9d9!important}
.badges span.none{background:#eef0f4!important;color:#5a6272}
table{border-collapse:collapse;margin:6px 0;font-size:12px}
th,td{border-bottom:1px solid #e3e6ec;padding:3px 4px;text-align:left;vertical-align:middle}
th{background:#f4f6f9;position:sticky;top:0;user-select:none;white-space:nowrap}
th[data-sort]{cursor:pointer}th[data-sort]:after{content:" \2195";color:#9aa1ad}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.regression td{background:#fff0f0}tr.improvement td{background:#eef8ff}tr.has-step td{background:#fff6e0}
td.st-failed,td.st-crashed,td.st-timeout{color:#b00020;font-weight:600}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f7f9;padding:6px;max-height:240px;overflow:auto;margin:4px 0}
.filter{margin:6px 0}.filter input{width:320px;padding:3px 6px}
svg text{font:11px system-ui,sans-serif;fill:#1d2330}
svg.spark polyline{fill:none;stroke:#3867d6;stroke-width:1.3}svg.spark circle{fill:#d63838}
svg.spark{vertical-align:middle}
.bar-label{text-anchor:end}.bar-value.left,.bars .axis.left{text-anchor:end}
.bar-regression{fill:#d63838}.bar-improvement{fill:#2f80d0}.bar-within{fill:#a3abb8}
line.threshold{stroke:#d9a400;stroke-dasharray:4 3}line.zero{stroke:#5a6272}
svg.trend .frame{fill:none;stroke:#d5d9e0}svg.trend .line{fill:none;stroke:#3867d6;stroke-width:1.5}
svg.trend .band{fill:#3867d6;opacity:.12}svg.trend .axis.y{text-anchor:end}
svg.trend .axis.end{text-anchor:end}svg.trend .outlier{fill:none;stroke:#d9a400;stroke-width:1.5}
.step-marker line{stroke:#d63838;stroke-width:1.5;stroke-dasharray:3 2}.step-marker path{fill:#d63838}
.step-marker text{fill:#d63838;font-weight:600}
svg.trend .hover{stroke:#5a6272;visibility:hidden}
.chart-box{display:inline-block;margin:6px 14px 10px 0;vertical-align:top}
.chart-box h3{font-size:13px;margin:0;word-break:break-all;max-width:700px}
#tip{position:fixed;pointer-events:none;background:#1d2330;color:#fff;padding:3px 7px;border-radius:3px;display:none;font-size:12px}
#tally-status{display:none}
@media print{.filter,#tip{display:none}th{position:static}tr,.chart-box{break-inside:avoid}
body{margin:0}pre{max-height:none}}
@page{size:A4 landscape;margin:12mm}
)CSS";

// Reads nothing but the DOM and the JSON island; writes text with
// textContent only, so no string from the data becomes markup or code.
const char* const kPageScript = R"JS(
(function(){
"use strict";
function cellValue(row,i){var c=row.cells[i];if(!c)return "";var v=c.getAttribute("data-v");return v===null?c.textContent:parseFloat(v);}
function sortBy(th){var table=th.closest("table"),body=table.tBodies[0],i=parseInt(th.getAttribute("data-sort"),10);
var dir=th.getAttribute("data-dir")==="asc"?"desc":"asc";th.setAttribute("data-dir",dir);
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x=cellValue(a,i),y=cellValue(b,i);
var r=(typeof x==="number"&&typeof y==="number")?x-y:String(x).localeCompare(String(y));return dir==="asc"?r:-r;});
var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});body.appendChild(f);}
document.querySelectorAll("th[data-sort]").forEach(function(th){th.addEventListener("click",function(){sortBy(th);});});
document.querySelectorAll(".filter input").forEach(function(input){var table=document.getElementById(input.getAttribute("data-table"));
var count=input.parentNode.querySelector(".count");input.addEventListener("input",function(){var q=input.value.toLowerCase(),shown=0;
Array.prototype.forEach.call(table.tBodies[0].rows,function(r){var ok=r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!ok;if(ok)shown++;});
count.textContent=shown+" of "+table.tBodies[0].rows.length+" rows";});});
var island=document.getElementById("tally-data"),data=island?JSON.parse(island.textContent):null,tip=document.getElementById("tip");
if(data&&data.runs&&data.runs.length){document.querySelectorAll("svg.trend").forEach(function(svg){var hover=svg.querySelector(".hover");
svg.addEventListener("mousemove",function(e){var r=svg.getBoundingClientRect(),x=(e.clientX-r.left-data.plot_left)/data.plot_width,best=0;
data.runs.forEach(function(run,i){if(Math.abs(run.x-x)<Math.abs(data.runs[best].x-x))best=i;});
var px=data.plot_left+data.plot_width*data.runs[best].x;hover.setAttribute("x1",px);hover.setAttribute("x2",px);hover.style.visibility="visible";
tip.textContent=data.runs[best].label;tip.style.display="block";tip.style.left=(e.clientX+12)+"px";tip.style.top=(e.clientY+12)+"px";});
svg.addEventListener("mouseleave",function(){hover.style.visibility="hidden";tip.style.display="none";});});}
var status=document.getElementById("tally-status"),charts=document.querySelectorAll("svg.chart"),zero=0;
charts.forEach(function(svg){var r=svg.getBoundingClientRect();svg.setAttribute("data-drawn",Math.round(r.width)+"x"+Math.round(r.height));if(r.width<1||r.height<1)zero++;});
status.setAttribute("data-charts",charts.length);status.setAttribute("data-zero-size",zero);
status.setAttribute("data-rows",document.querySelectorAll("table.cells>tbody>tr").length);
status.setAttribute("data-script-ran","yes");
window.addEventListener("load",function(){status.setAttribute("data-load-ms",Math.round(performance.now()));});
function paint(list){list.forEach(function(e){if(e.name==="first-contentful-paint")status.setAttribute("data-fcp-ms",Math.round(e.startTime));});}
if(window.PerformanceObserver){try{new PerformanceObserver(function(l){paint(l.getEntries());}).observe({type:"paint",buffered:true});}catch(err){}}
window.addEventListener("load",function(){paint(performance.getEntriesByType("paint"));});
})();
)JS";

}  // namespace tally::report
