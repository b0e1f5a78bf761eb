// A shared version's picture: drawn as the editor draws it, from the share link's own picture call, not clickable.
import { createPicture } from '../editor/picture.js';

const container = document.getElementById('picture');
const picture = createPicture(container, { load: (_, abi) => fetch(`${container.dataset.source}?abi=${encodeURIComponent(abi)}`) });
picture.refresh('', container.dataset.abi);
