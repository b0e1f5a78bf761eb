// Times are sent in UTC (ISO 8601); show them in the reader's locale and time zone.
document.querySelectorAll('time[datetime]').forEach((element) => {
  const when = new Date(element.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) {
    element.textContent = when.toLocaleString();
  }
});
