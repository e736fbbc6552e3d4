// The chosen photo shown before saving (a local preview: nothing is uploaded until Save).
(function () {
  var input = document.getElementById("id_photo");
  var preview = document.getElementById("photo-preview");
  if (!input || !preview) return;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { preview.parentNode.hidden = true; return; }
    preview.src = URL.createObjectURL(file);
    preview.parentNode.hidden = false;
  });
})();
