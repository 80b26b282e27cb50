import type { StarlingBridge } from '../../src-main/contract';
import { ApiClient } from './api/client';
import { ipcCarrier, webSocketCarrier } from './api/transports';
import './theme.css';

// Electron's preload exposes `window.starling`; in a browser (`starling web`) the same protocol
// runs over a WebSocket to the server that served this page.
const bridge = (window as unknown as { starling?: StarlingBridge }).starling;
const api = new ApiClient(bridge ? ipcCarrier(bridge) : webSocketCarrier(window.location));

// This entry is small: the connection opens while the app's own code loads and compiles.
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
void import('./mount-app').then(({ mountApp }) => mountApp(target, api));
