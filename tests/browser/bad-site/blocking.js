console.error("an error in the console");
document.addEventListener("DOMContentLoaded", function () {
  var d = document.createElement("div");
  d.className = "wide";
  document.body.appendChild(d);
});
