import { mount } from 'svelte';
import type { StarlingBridge } from '../../src-main/contract';
import App from './App.svelte';
import { ApiClient } from './api/client';
import { ipcCarrier, webSocketCarrier } from './api/transports';
import './theme.css';

// Electron's preload exposes `window.starling`; in a browser (`starling web`) the same protocol
// runs over a WebSocket to the server that served this page.
const bridge = (window as unknown as { starling?: StarlingBridge }).starling;
const api = new ApiClient(bridge ? ipcCarrier(bridge) : webSocketCarrier(window.location));

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target, props: { api } });
